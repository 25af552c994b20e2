// Matrix-vector kernels over GGUF quantised rows (Q4_0, Q4_1, Q8_0) the way llama.cpp
// runs them: the activations are quantised to signed bytes per block of 32 first
// (its Q8_0/Q8_1 "vec_dot_type"), then each block's dot product is an integer sum.
// Each entry point checks the CPU itself: AVX2 paths where available, scalar C
// otherwise, with the same results up to float summation order.
#ifndef CQUANTKERNELS_H
#define CQUANTKERNELS_H

#include <stddef.h>
#include <stdint.h>

/// 32 activations as signed bytes: x[j] ≈ d·q[j], with d = max|x|/127 and s = d·Σq
/// (llama.cpp's Q8_1 block, with Float32 scales).
typedef struct {
    float d;
    float s;
    int8_t q[32];
} cqk_q8_block;

/// 1 when the CPU has AVX2, FMA and F16C, so the vector paths run; else 0. Checked once.
int cqk_available(void);

/// Quantises x[blocks·32] into blocks[blocks]: q = round-half-even(x·127/max|x|).
void cqk_quantize_q8(const float *x, size_t blocks, cqk_q8_block *out);

/// y[r] = row r · x for r in [row_start, row_end). W rows are Q4_0 (18-byte) or Q4_1
/// (20-byte) blocks of 32 weights, `blocks` per row, `row_bytes` apart; x holds the
/// activations quantised by cqk_quantize_q8. has_minimum: 1 for Q4_1, 0 for Q4_0.
void cqk_matvec_q4(const void *w, size_t row_bytes, size_t blocks, int has_minimum,
                   size_t row_start, size_t row_end, const cqk_q8_block *x, float *y);

/// y[r] = row r · x for r in [row_start, row_end). W rows are Q8_0 (34-byte) blocks of
/// 32 weights, `blocks` per row, `row_bytes` apart; x as for cqk_matvec_q4.
void cqk_matvec_q8_0(const void *w, size_t row_bytes, size_t blocks,
                     size_t row_start, size_t row_end, const cqk_q8_block *x, float *y);

#endif
