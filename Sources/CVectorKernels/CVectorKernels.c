// Vector paths are compiled per function with AVX2/FMA target attributes; the rest of the
// file (CPU check, scalar fallbacks) is plain x86-64, so it is safe to call anywhere.
#include "CVectorKernels.h"

#include "CCPUDispatch.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define CVK_X86 1
#define CVK_AVX2 __attribute__((target("avx2,fma")))
#else
#define CVK_X86 0
#endif

static atomic_int vector_paths_enabled = 1;

void cvk_use_vector_paths(int enabled) { atomic_store_explicit(&vector_paths_enabled, enabled, memory_order_relaxed); }

int cvk_available(void) {
#if CVK_X86
    if (!atomic_load_explicit(&vector_paths_enabled, memory_order_relaxed)) return 0;
    // -1 until first read; every thread that races here computes and stores the same value.
    static atomic_int cached = -1;
    int has = atomic_load_explicit(&cached, memory_order_relaxed);
    if (has < 0) {
        has = qcpu_has(QCPU_AVX2 | QCPU_FMA);
        atomic_store_explicit(&cached, has, memory_order_relaxed);
    }
    return has;
#else
    return 0;
#endif
}

#if CVK_X86
// erf(x) for eight floats: odd/even rational approximation on [-4, 4] (Eigen's
// generic_fast_erf_float coefficients), within a few ulp of erff; |x| > 4 gives ±1.
CVK_AVX2 static inline __m256 erf8(__m256 a) {
    const __m256 x = _mm256_max_ps(_mm256_min_ps(a, _mm256_set1_ps(4.f)), _mm256_set1_ps(-4.f));
    const __m256 x2 = _mm256_mul_ps(x, x);
    __m256 p = _mm256_fmadd_ps(x2, _mm256_set1_ps(-2.72614225801306e-10f), _mm256_set1_ps(2.77068142495902e-08f));
    p = _mm256_fmadd_ps(x2, p, _mm256_set1_ps(-2.10102402082508e-06f));
    p = _mm256_fmadd_ps(x2, p, _mm256_set1_ps(-5.69250639462346e-05f));
    p = _mm256_fmadd_ps(x2, p, _mm256_set1_ps(-7.34990630326855e-04f));
    p = _mm256_fmadd_ps(x2, p, _mm256_set1_ps(-2.95459980854025e-03f));
    p = _mm256_fmadd_ps(x2, p, _mm256_set1_ps(-1.60960333262415e-02f));
    p = _mm256_mul_ps(x, p);
    __m256 q = _mm256_fmadd_ps(x2, _mm256_set1_ps(-1.45660718464996e-05f), _mm256_set1_ps(-2.13374055278905e-04f));
    q = _mm256_fmadd_ps(x2, q, _mm256_set1_ps(-1.68282697438203e-03f));
    q = _mm256_fmadd_ps(x2, q, _mm256_set1_ps(-7.37332916720468e-03f));
    q = _mm256_fmadd_ps(x2, q, _mm256_set1_ps(-1.42647390514189e-02f));
    return _mm256_div_ps(p, q);
}

// e^x for eight floats: x = n·ln2 + r with |r| ≤ ln2/2 (two-part ln2), e^r by a degree-6
// polynomial (Cephes expf coefficients), scaled by 2^n; inputs clamped to [-87.3, 88.7].
CVK_AVX2 static inline __m256 exp8(__m256 x) {
    x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.3365447f)), _mm256_set1_ps(88.3762626f));
    const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.f)));
    const __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(e));
}

CVK_AVX2 static float hsum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

CVK_AVX2 static float hmax8(__m256 v) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// GELU-erf over x[count], eight at a time; the tail goes through a padded register.
CVK_AVX2 static void gelu_avx2(float *x, size_t count) {
    const __m256 half = _mm256_set1_ps(0.5f), one = _mm256_set1_ps(1.f);
    const __m256 inv_sqrt2 = _mm256_set1_ps(0.70710678118654752f);
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m256 v = _mm256_loadu_ps(x + i);
        const __m256 e = erf8(_mm256_mul_ps(v, inv_sqrt2));
        _mm256_storeu_ps(x + i, _mm256_mul_ps(_mm256_mul_ps(half, v), _mm256_add_ps(one, e)));
    }
    for (; i < count; i++) x[i] = 0.5f * x[i] * (1.f + erff(x[i] * 0.70710678118654752f));
}

// Layer norm of each row of x[rows x width]: mean pass, variance pass (about the mean, so
// no cancellation), then scale-and-shift pass; the tail of each row is scalar.
CVK_AVX2 static void layer_norm_avx2(float *x, size_t rows, size_t width, const float *gamma, const float *beta,
                                     float epsilon) {
    for (size_t r = 0; r < rows; r++) {
        float *row = x + r * width;
        size_t i = 0;
        __m256 s8 = _mm256_setzero_ps();
        for (; i + 8 <= width; i += 8) s8 = _mm256_add_ps(s8, _mm256_loadu_ps(row + i));
        float sum = hsum8(s8);
        for (; i < width; i++) sum += row[i];
        const float mean = sum / (float)width;
        const __m256 mv = _mm256_set1_ps(mean);
        __m256 v8 = _mm256_setzero_ps();
        for (i = 0; i + 8 <= width; i += 8) {
            const __m256 d = _mm256_sub_ps(_mm256_loadu_ps(row + i), mv);
            v8 = _mm256_fmadd_ps(d, d, v8);
        }
        float variance = hsum8(v8);
        for (; i < width; i++) variance += (row[i] - mean) * (row[i] - mean);
        const float inv = 1.f / sqrtf(variance / (float)width + epsilon);
        const __m256 iv = _mm256_set1_ps(inv);
        for (i = 0; i + 8 <= width; i += 8) {
            const __m256 n = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(row + i), mv), iv);
            _mm256_storeu_ps(row + i, _mm256_fmadd_ps(n, _mm256_loadu_ps(gamma + i), _mm256_loadu_ps(beta + i)));
        }
        for (; i < width; i++) row[i] = (row[i] - mean) * inv * gamma[i] + beta[i];
    }
}

// Softmax over x[count]: max pass, exp-and-sum pass, scale pass.
CVK_AVX2 static void softmax_avx2(float *x, size_t count) {
    size_t i = 0;
    __m256 m8 = _mm256_set1_ps(-INFINITY);
    for (; i + 8 <= count; i += 8) m8 = _mm256_max_ps(m8, _mm256_loadu_ps(x + i));
    float m = hmax8(m8);
    for (; i < count; i++) m = x[i] > m ? x[i] : m;
    const __m256 mv = _mm256_set1_ps(m);
    __m256 s8 = _mm256_setzero_ps();
    for (i = 0; i + 8 <= count; i += 8) {
        const __m256 e = exp8(_mm256_sub_ps(_mm256_loadu_ps(x + i), mv));
        _mm256_storeu_ps(x + i, e);
        s8 = _mm256_add_ps(s8, e);
    }
    float sum = hsum8(s8);
    for (; i < count; i++) {
        x[i] = expf(x[i] - m);
        sum += x[i];
    }
    const __m256 inv = _mm256_set1_ps(1.f / sum);
    for (i = 0; i + 8 <= count; i += 8) _mm256_storeu_ps(x + i, _mm256_mul_ps(_mm256_loadu_ps(x + i), inv));
    for (; i < count; i++) x[i] *= 1.f / sum;
}

// Attention for up to four query rows q[rows] against all keys: scores[r][j] = scale * q[r] . k[j]
// from kt (keys transposed, head_size x tokens), sixteen keys at a time, the key tail scalar.
CVK_AVX2 static inline __attribute__((always_inline)) void attention_scores(const float *q, size_t stride, size_t rows, const float *kt, const float *k,
                                      size_t tokens, size_t head_size, float scale, float *scores) {
    const __m256 sv = _mm256_set1_ps(scale);
    size_t j = 0;
    for (; j + 16 <= tokens; j += 16) {
        __m256 acc[4][2] = {{_mm256_setzero_ps(), _mm256_setzero_ps()}, {_mm256_setzero_ps(), _mm256_setzero_ps()},
                            {_mm256_setzero_ps(), _mm256_setzero_ps()}, {_mm256_setzero_ps(), _mm256_setzero_ps()}};
        for (size_t c = 0; c < head_size; c++) {
            const __m256 k0 = _mm256_loadu_ps(kt + c * tokens + j), k1 = _mm256_loadu_ps(kt + c * tokens + j + 8);
            for (size_t r = 0; r < rows; r++) {
                const __m256 b = _mm256_broadcast_ss(q + r * stride + c);
                acc[r][0] = _mm256_fmadd_ps(b, k0, acc[r][0]);
                acc[r][1] = _mm256_fmadd_ps(b, k1, acc[r][1]);
            }
        }
        for (size_t r = 0; r < rows; r++) {
            _mm256_storeu_ps(scores + r * tokens + j, _mm256_mul_ps(acc[r][0], sv));
            _mm256_storeu_ps(scores + r * tokens + j + 8, _mm256_mul_ps(acc[r][1], sv));
        }
    }
    for (; j < tokens; j++) {
        for (size_t r = 0; r < rows; r++) {
            float dot = 0;
            for (size_t c = 0; c < head_size; c++) dot += q[r * stride + c] * k[j * stride + c];
            scores[r * tokens + j] = dot * scale;
        }
    }
}

// out[r] = p[r] . v for up to four rows of probabilities, sixteen output columns at a time;
// vp holds v packed by column block: vp[block][j][0..15] = v[j][16 block ..].
CVK_AVX2 static inline __attribute__((always_inline)) void attention_values(
    const float *p, size_t rows, const float *vp, size_t tokens, size_t head_size, float *out, size_t out_stride) {
    for (size_t c = 0; c < head_size; c += 16) {
        const float *block = vp + c * tokens;
        __m256 acc[4][2] = {{_mm256_setzero_ps(), _mm256_setzero_ps()}, {_mm256_setzero_ps(), _mm256_setzero_ps()},
                            {_mm256_setzero_ps(), _mm256_setzero_ps()}, {_mm256_setzero_ps(), _mm256_setzero_ps()}};
        for (size_t j = 0; j < tokens; j++) {
            const __m256 v0 = _mm256_loadu_ps(block + 16 * j), v1 = _mm256_loadu_ps(block + 16 * j + 8);
            for (size_t r = 0; r < rows; r++) {
                const __m256 b = _mm256_broadcast_ss(p + r * tokens + j);
                acc[r][0] = _mm256_fmadd_ps(b, v0, acc[r][0]);
                acc[r][1] = _mm256_fmadd_ps(b, v1, acc[r][1]);
            }
        }
        for (size_t r = 0; r < rows; r++) {
            _mm256_storeu_ps(out + r * out_stride + c, acc[r][0]);
            _mm256_storeu_ps(out + r * out_stride + c + 8, acc[r][1]);
        }
    }
}

// One head, four query rows at a time: scores for the block (kept in L1), softmax, then
// values. Keys are first transposed into kt and values packed into vp so both stream.
CVK_AVX2 static void attention_head_avx2(const float *q, const float *k, const float *v, size_t stride, size_t tokens,
                                         size_t head_size, float scale, float *out, size_t out_stride, float *kt,
                                         float *vp, float *scores) {
    for (size_t c = 0; c < head_size; c++)
        for (size_t j = 0; j < tokens; j++) kt[c * tokens + j] = k[j * stride + c];
    for (size_t c = 0; c < head_size; c += 16)
        for (size_t j = 0; j < tokens; j++) memcpy(vp + c * tokens + 16 * j, v + j * stride + c, 16 * sizeof(float));
    for (size_t i = 0; i < tokens; i += 4) {
        const size_t rows = tokens - i < 4 ? tokens - i : 4;
        // Literal row counts let the inlined tiles keep their accumulators in registers.
        if (rows == 4) attention_scores(q + i * stride, stride, 4, kt, k, tokens, head_size, scale, scores);
        else attention_scores(q + i * stride, stride, rows, kt, k, tokens, head_size, scale, scores);
        for (size_t r = 0; r < rows; r++) softmax_avx2(scores + r * tokens, tokens);
        float *target = out + i * out_stride;
        if (rows == 4) attention_values(scores, 4, vp, tokens, head_size, target, out_stride);
        else attention_values(scores, rows, vp, tokens, head_size, target, out_stride);
    }
}
#endif

void cvk_gelu_erf(float *x, size_t count) {
#if CVK_X86
    if (cvk_available()) { gelu_avx2(x, count); return; }
#endif
    for (size_t i = 0; i < count; i++) x[i] = 0.5f * x[i] * (1.f + erff(x[i] * 0.70710678118654752f));
}

void cvk_layer_norm(float *x, size_t rows, size_t width, const float *gamma, const float *beta, float epsilon) {
#if CVK_X86
    if (cvk_available()) { layer_norm_avx2(x, rows, width, gamma, beta, epsilon); return; }
#endif
    for (size_t r = 0; r < rows; r++) {
        float *row = x + r * width;
        float mean = 0, variance = 0;
        for (size_t i = 0; i < width; i++) mean += row[i];
        mean /= (float)width;
        for (size_t i = 0; i < width; i++) variance += (row[i] - mean) * (row[i] - mean);
        const float inv = 1.f / sqrtf(variance / (float)width + epsilon);
        for (size_t i = 0; i < width; i++) row[i] = (row[i] - mean) * inv * gamma[i] + beta[i];
    }
}

void cvk_attention_head(const float *q, const float *k, const float *v, size_t stride, size_t tokens,
                        size_t head_size, float scale, float *out, size_t out_stride) {
    if (tokens == 0) return;
    float *scratch = malloc(sizeof(float) * (2 * head_size + 4) * tokens);
    if (!scratch) abort();
#if CVK_X86
    if (cvk_available() && head_size % 16 == 0) {
        attention_head_avx2(q, k, v, stride, tokens, head_size, scale, out, out_stride, scratch,
                            scratch + head_size * tokens, scratch + 2 * head_size * tokens);
        free(scratch);
        return;
    }
#endif
    float *scores = scratch;
    for (size_t i = 0; i < tokens; i++) {
        for (size_t j = 0; j < tokens; j++) {
            float dot = 0;
            for (size_t c = 0; c < head_size; c++) dot += q[i * stride + c] * k[j * stride + c];
            scores[j] = dot * scale;
        }
        cvk_softmax(scores, tokens);
        for (size_t c = 0; c < head_size; c++) {
            float sum = 0;
            for (size_t j = 0; j < tokens; j++) sum += scores[j] * v[j * stride + c];
            out[i * out_stride + c] = sum;
        }
    }
    free(scratch);
}

void cvk_softmax(float *x, size_t count) {
    if (count == 0) return;
#if CVK_X86
    if (cvk_available()) { softmax_avx2(x, count); return; }
#endif
    float m = x[0];
    for (size_t i = 1; i < count; i++) m = x[i] > m ? x[i] : m;
    float sum = 0;
    for (size_t i = 0; i < count; i++) { x[i] = expf(x[i] - m); sum += x[i]; }
    const float inv = 1.f / sum;
    for (size_t i = 0; i < count; i++) x[i] *= inv;
}
