// Private to CQuantKernels: the AVX-512 row loops (AVX512Kernels.c) that the entry points
// in CQuantKernels.c dispatch to, and the prefetch helper both files use.
#ifndef QUANTKERNELPATHS_H
#define QUANTKERNELPATHS_H

#include "CQuantKernels.h"

#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__)
#include <immintrin.h>

// Rows are read once per product, too fast for the hardware prefetcher alone: ask for the
// bytes PREFETCH_DISTANCE ahead of each row (within the rows of this call) while it is summed.
#define PREFETCH_DISTANCE 4096

static inline void prefetch_ahead(const uint8_t *row, size_t row_bytes, const uint8_t *end) {
    for (const uint8_t *p = row + PREFETCH_DISTANCE; p < row + PREFETCH_DISTANCE + row_bytes && p < end; p += 64) {
        _mm_prefetch((const char *)p, _MM_HINT_T0);
    }
}

/// Q4_0/Q4_1 rows (cqk_repack_q4 layout) · x. `quad` is the caller's buffer of blocks·32
/// bytes for x's quantised bytes regrouped four blocks at a time ([low 16 of blocks
/// 4i…4i+3, high 16 of blocks 4i…4i+3]); the rows' integer block sums equal the AVX2 path's.
void cqk_matvec_q4_avx512vnni(const uint8_t *w, size_t blocks, int has_minimum, size_t row_start,
                              size_t row_end, cqk_activations x, int8_t *quad, float *y);
void cqk_matvec_q4_avx512bw(const uint8_t *w, size_t blocks, int has_minimum, size_t row_start,
                            size_t row_end, cqk_activations x, int8_t *quad, float *y);

/// Q8_0 rows · x, with x's quantised bytes in natural order (`natural`) and its block scales d.
void cqk_matvec_q8_0_avx512vnni(const uint8_t *w, size_t row_bytes, size_t blocks, size_t row_start,
                                size_t row_end, const int8_t *natural, const float *d, float *y);
void cqk_matvec_q8_0_avx512bw(const uint8_t *w, size_t row_bytes, size_t blocks, size_t row_start,
                              size_t row_end, const int8_t *natural, const float *d, float *y);
#endif

#endif
