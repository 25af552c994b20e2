// AVX2/FMA/F16C matrix-vector kernels over GGUF quantised rows (Q4_0, Q4_1, Q8_0).
// Activations stay Float32: weights are unpacked to floats and multiplied with FMA,
// so results match the portable Swift path up to summation order.
#ifndef CQUANTKERNELS_H
#define CQUANTKERNELS_H

#include <stddef.h>

/// 1 when the CPU has AVX2, FMA and F16C, so the kernels below may run; else 0. Checked once.
int cqk_available(void);

/// y[r] = row r · x for r in [row_start, row_end). W rows are Q4_0 (18-byte) or Q4_1
/// (20-byte) blocks of 32 weights, `blocks` per row, `row_bytes` apart; x[blocks·32];
/// block_sums[b] = Σ x over block b. has_minimum: 1 for Q4_1, 0 for Q4_0.
void cqk_matvec_q4(const void *w, size_t row_bytes, size_t blocks, int has_minimum,
                   size_t row_start, size_t row_end,
                   const float *x, const float *block_sums, float *y);

/// y[r] = row r · x for r in [row_start, row_end). W rows are Q8_0 (34-byte) blocks of
/// 32 weights, `blocks` per row, `row_bytes` apart; x[blocks·32].
void cqk_matvec_q8_0(const void *w, size_t row_bytes, size_t blocks,
                     size_t row_start, size_t row_end, const float *x, float *y);

#endif
