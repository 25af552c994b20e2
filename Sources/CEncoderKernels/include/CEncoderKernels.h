// Reduced-precision linear layers for transformer encoders: y = x · Wᵀ + bias with W
// converted once to bfloat16 and x rounded to bfloat16 on the fly, products summed in
// float32 (AVX-512 BF16 `vdpbf16ps`). Each entry point checks the CPU itself and falls
// back to scalar code computing the same rounded products, so any caller may use them.
#ifndef CENCODERKERNELS_H
#define CENCODERKERNELS_H

#include <stddef.h>
#include <stdint.h>

/// 1 when the CPU has AVX-512 F/BW/VL and AVX512_BF16, so the vector path runs; else 0.
/// Checked once (through CCPUDispatch) and cached; thread-safe.
int cek_bf16_available(void);

/// 0 makes cek_bf16_linear take its scalar path (so tests can compare both); 1 restores
/// the vector path where the CPU has it. Atomic; a call already running keeps its path.
void cek_use_vector_paths(int enabled);

/// bfloat16 values (uint16_t) a packed [n x k] weight matrix occupies: n rounded up to a
/// multiple of 16, k to a multiple of 2.
size_t cek_bf16_packed_count(size_t n, size_t k);

/// Rounds w[n x k] (row-major, one output feature per row) to bfloat16, nearest even, and
/// lays it out for cek_bf16_linear: panels of 16 output features, within a panel pairs of
/// inputs, padding zero. `packed` holds cek_bf16_packed_count(n, k) values.
void cek_bf16_pack(const float *w, size_t n, size_t k, uint16_t *packed);

/// y[rows x n] = bf16(x)[rows x k] · Wᵀ + bias[n] (bias may be NULL); with `accumulate`
/// the result is added to y instead. Products of bfloat16 values are summed in float32.
/// Single-threaded: callers split rows across cores.
void cek_bf16_linear(const float *x, size_t rows, size_t k, const uint16_t *packed, size_t n, const float *bias,
                     int accumulate, float *y);

/// x rounded to the nearest bfloat16 (ties to even), returned as float; NaN stays NaN.
float cek_bf16_round(float x);

#endif
