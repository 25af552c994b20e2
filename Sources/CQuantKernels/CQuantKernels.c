// Compiled with -mavx2 -mfma -mf16c (Package.swift); callers must check cqk_available() first.
#include "CQuantKernels.h"

#include <immintrin.h>
#include <stdint.h>
#include <string.h>

// Compiled without AVX instructions (checked with objdump), so it is safe on any x86-64.
int cqk_available(void) {
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
    }
    return cached;
}

static inline float half_to_float(const uint8_t *p) {
    uint16_t h;
    memcpy(&h, p, 2);
    return _cvtsh_ss(h);
}

static inline float horizontal_sum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// Eight unsigned bytes as eight floats.
static inline __m256 u8_to_ps(__m128i bytes) {
    return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(bytes));
}

// Eight signed bytes as eight floats.
static inline __m256 i8_to_ps(__m128i bytes) {
    return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(bytes));
}

// One Q4 row · x[blocks·32]: Σ_b d_b·Σ_j q_j·x_j + m_b·Σ_j x_j (m_b = −8·d_b for Q4_0).
static inline float dot_q4(const uint8_t *row, size_t blocks, int has_minimum,
                           const float *x, const float *block_sums) {
    const size_t stride = has_minimum ? 20 : 18, quants = has_minimum ? 4 : 2;
    const __m128i low = _mm_set1_epi8(0x0F);
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    float minimum_term = 0;
    for (size_t b = 0; b < blocks; b++) {
        const uint8_t *block = row + b * stride;
        const float *xb = x + b * 32;
        const __m128i q = _mm_loadu_si128((const __m128i *)(block + quants));
        const __m128i lo = _mm_and_si128(q, low);                     // elements 0..15
        const __m128i hi = _mm_and_si128(_mm_srli_epi16(q, 4), low);  // elements 16..31
        __m256 s0 = _mm256_mul_ps(u8_to_ps(lo), _mm256_loadu_ps(xb));
        __m256 s1 = _mm256_mul_ps(u8_to_ps(_mm_srli_si128(lo, 8)), _mm256_loadu_ps(xb + 8));
        s0 = _mm256_fmadd_ps(u8_to_ps(hi), _mm256_loadu_ps(xb + 16), s0);
        s1 = _mm256_fmadd_ps(u8_to_ps(_mm_srli_si128(hi, 8)), _mm256_loadu_ps(xb + 24), s1);
        const float d = half_to_float(block);
        const __m256 sum = _mm256_add_ps(s0, s1);
        if (b & 1) acc1 = _mm256_fmadd_ps(sum, _mm256_set1_ps(d), acc1);
        else acc0 = _mm256_fmadd_ps(sum, _mm256_set1_ps(d), acc0);
        const float m = has_minimum ? half_to_float(block + 2) : -8.0f * d;
        minimum_term += m * block_sums[b];
    }
    return horizontal_sum(_mm256_add_ps(acc0, acc1)) + minimum_term;
}

// y[row_start..<row_end] = W_q4[rows × blocks·32] · x[blocks·32], one dot_q4 per row.
void cqk_matvec_q4(const void *w, size_t row_bytes, size_t blocks, int has_minimum,
                   size_t row_start, size_t row_end,
                   const float *x, const float *block_sums, float *y) {
    const uint8_t *base = (const uint8_t *)w;
    if (has_minimum) {
        for (size_t r = row_start; r < row_end; r++) y[r] = dot_q4(base + r * row_bytes, blocks, 1, x, block_sums);
    } else {
        for (size_t r = row_start; r < row_end; r++) y[r] = dot_q4(base + r * row_bytes, blocks, 0, x, block_sums);
    }
}

// One Q8_0 row · x[blocks·32]: Σ_b d_b·Σ_j q_j·x_j.
static inline float dot_q8_0(const uint8_t *row, size_t blocks, const float *x) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    for (size_t b = 0; b < blocks; b++) {
        const uint8_t *block = row + b * 34;
        const float *xb = x + b * 32;
        const __m128i q0 = _mm_loadu_si128((const __m128i *)(block + 2));
        const __m128i q1 = _mm_loadu_si128((const __m128i *)(block + 18));
        __m256 s0 = _mm256_mul_ps(i8_to_ps(q0), _mm256_loadu_ps(xb));
        __m256 s1 = _mm256_mul_ps(i8_to_ps(_mm_srli_si128(q0, 8)), _mm256_loadu_ps(xb + 8));
        s0 = _mm256_fmadd_ps(i8_to_ps(q1), _mm256_loadu_ps(xb + 16), s0);
        s1 = _mm256_fmadd_ps(i8_to_ps(_mm_srli_si128(q1, 8)), _mm256_loadu_ps(xb + 24), s1);
        const __m256 d = _mm256_set1_ps(half_to_float(block));
        if (b & 1) acc1 = _mm256_fmadd_ps(_mm256_add_ps(s0, s1), d, acc1);
        else acc0 = _mm256_fmadd_ps(_mm256_add_ps(s0, s1), d, acc0);
    }
    return horizontal_sum(_mm256_add_ps(acc0, acc1));
}

// y[row_start..<row_end] = W_q8_0[rows × blocks·32] · x[blocks·32], one dot_q8_0 per row.
void cqk_matvec_q8_0(const void *w, size_t row_bytes, size_t blocks,
                     size_t row_start, size_t row_end, const float *x, float *y) {
    const uint8_t *base = (const uint8_t *)w;
    for (size_t r = row_start; r < row_end; r++) y[r] = dot_q8_0(base + r * row_bytes, blocks, x);
}
