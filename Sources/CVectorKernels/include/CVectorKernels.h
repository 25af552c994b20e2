// AVX2/FMA kernels for transformer encoders: GELU-erf, softmax, layer normalisation and
// one attention head.
// Each entry point checks the CPU itself and falls back to scalar libm code, so any
// x86-64 (or other) caller may use them unconditionally.
#ifndef CVECTORKERNELS_H
#define CVECTORKERNELS_H

#include <stddef.h>

/// 1 when the CPU has AVX2 and FMA, so the vector paths run; else 0. Checked once
/// (through CCPUDispatch) and cached; thread-safe.
int cvk_available(void);

/// 0 makes every entry point take its scalar path (so tests can compare both); 1 restores
/// the vector paths where the CPU has them. Atomic, so any thread may call it; a call
/// already running finishes on the path it started with.
void cvk_use_vector_paths(int enabled);

/// GELU, exact erf form, in place: x[i] <- x[i] * 0.5 * (1 + erf(x[i] / sqrt(2))), i < count.
void cvk_gelu_erf(float *x, size_t count);

/// Layer norm in place over each row of x[rows x width], row-major:
/// x[r][i] <- (x[r][i] - mean_r) / sqrt(var_r + epsilon) * gamma[i] + beta[i].
void cvk_layer_norm(float *x, size_t rows, size_t width, const float *gamma, const float *beta, float epsilon);

/// One attention head over one sequence of `tokens` rows: out[i] = softmax(scale * q[i] . k[j], j) . v,
/// where q, k and v rows are head_size floats `stride` apart and out rows `out_stride` apart.
void cvk_attention_head(const float *q, const float *k, const float *v, size_t stride, size_t tokens,
                        size_t head_size, float scale, float *out, size_t out_stride);

/// Softmax in place over x[count] (maximum subtracted first); count may be 0.
void cvk_softmax(float *x, size_t count);

#endif
