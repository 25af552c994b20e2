// Vector paths are compiled per function with AVX2/FMA/F16C target attributes; the rest
// of the file (CPU check, scalar fallbacks) is plain x86-64, so it is safe to call anywhere.
#include "CQuantKernels.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define CQK_X86 1
#define CQK_AVX2 __attribute__((target("avx2,fma,f16c")))
#define ROUND_NEAREST (_MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#else
#define CQK_X86 0
#endif

int cqk_available(void) {
#if CQK_X86
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
    }
    return cached;
#else
    return 0;
#endif
}

// ---- Scalar paths ---------------------------------------------------------------------

// IEEE half-precision bits at p, widened exactly to float (subnormals, infinities, NaN).
static inline float half_bits_to_float(const uint8_t *p) {
    uint16_t h;
    memcpy(&h, p, 2);
    const uint32_t sign = (uint32_t)(h & 0x8000) << 16, exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF;
    float magnitude;
    if (exponent == 0) {
        magnitude = ldexpf((float)mantissa, -24);
    } else if (exponent == 31) {
        magnitude = mantissa ? NAN : INFINITY;
    } else {
        uint32_t bits = ((exponent + 112) << 23) | (mantissa << 13);
        memcpy(&magnitude, &bits, 4);
    }
    uint32_t bits;
    memcpy(&bits, &magnitude, 4);
    bits |= sign;
    memcpy(&magnitude, &bits, 4);
    return magnitude;
}

static void quantize_scalar(const float *x, size_t blocks, cqk_q8_block *out) {
    for (size_t b = 0; b < blocks; b++) {
        const float *xb = x + b * 32;
        float amax = 0;
        for (int j = 0; j < 32; j++) amax = fmaxf(amax, fabsf(xb[j]));
        const float d = amax / 127.f, id = amax != 0 ? 127.f / amax : 0.f;
        int sum = 0;
        for (int j = 0; j < 32; j++) {
            const int q = (int)rintf(xb[j] * id);
            out[b].q[j] = (int8_t)q;
            sum += q;
        }
        out[b].d = d;
        out[b].s = d * (float)sum;
    }
}

static float dot_q4_scalar(const uint8_t *row, size_t blocks, int has_minimum, const cqk_q8_block *x) {
    const size_t stride = has_minimum ? 20 : 18, quants = has_minimum ? 4 : 2;
    float total = 0;
    for (size_t b = 0; b < blocks; b++) {
        const uint8_t *block = row + b * stride;
        int sum = 0;
        for (int j = 0; j < 16; j++) {
            sum += (block[quants + j] & 0x0F) * x[b].q[j] + (block[quants + j] >> 4) * x[b].q[j + 16];
        }
        const float d = half_bits_to_float(block);
        const float m = has_minimum ? half_bits_to_float(block + 2) : -8.f * d;
        total += d * x[b].d * (float)sum + m * x[b].s;
    }
    return total;
}

static float dot_q8_0_scalar(const uint8_t *row, size_t blocks, const cqk_q8_block *x) {
    float total = 0;
    for (size_t b = 0; b < blocks; b++) {
        const uint8_t *block = row + b * 34;
        int sum = 0;
        for (int j = 0; j < 32; j++) sum += (int8_t)block[2 + j] * x[b].q[j];
        total += half_bits_to_float(block) * x[b].d * (float)sum;
    }
    return total;
}

// ---- AVX2 paths (the integer products of llama.cpp's ggml_vec_dot_q4_1_q8_1) ------------

#if CQK_X86
CQK_AVX2 static inline float horizontal_sum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

CQK_AVX2 static inline float half_to_float(const uint8_t *p) {
    uint16_t h;
    memcpy(&h, p, 2);
    return _cvtsh_ss(h);
}

// Σ of the 32 products of unsigned bytes u (≤ 255) and signed bytes s, as eight floats.
CQK_AVX2 static inline __m256 product_sums(__m256i u, __m256i s) {
    const __m256i pairs = _mm256_maddubs_epi16(u, s);
    return _mm256_cvtepi32_ps(_mm256_madd_epi16(pairs, _mm256_set1_epi16(1)));
}

CQK_AVX2 static void quantize_avx2(const float *x, size_t blocks, cqk_q8_block *out) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    for (size_t b = 0; b < blocks; b++) {
        const float *xb = x + b * 32;
        __m256 v0 = _mm256_loadu_ps(xb), v1 = _mm256_loadu_ps(xb + 8);
        __m256 v2 = _mm256_loadu_ps(xb + 16), v3 = _mm256_loadu_ps(xb + 24);
        __m256 m = _mm256_max_ps(_mm256_max_ps(_mm256_andnot_ps(sign, v0), _mm256_andnot_ps(sign, v1)),
                                 _mm256_max_ps(_mm256_andnot_ps(sign, v2), _mm256_andnot_ps(sign, v3)));
        __m128 m4 = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
        m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
        m4 = _mm_max_ss(m4, _mm_movehdup_ps(m4));
        const float amax = _mm_cvtss_f32(m4);
        const float d = amax / 127.f, id = amax != 0 ? 127.f / amax : 0.f;
        const __m256 scale = _mm256_set1_ps(id);
        __m256i i0 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v0, scale), ROUND_NEAREST));
        __m256i i1 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v1, scale), ROUND_NEAREST));
        __m256i i2 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v2, scale), ROUND_NEAREST));
        __m256i i3 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v3, scale), ROUND_NEAREST));
        const __m256i total = _mm256_add_epi32(_mm256_add_epi32(i0, i1), _mm256_add_epi32(i2, i3));
        __m128i t4 = _mm_add_epi32(_mm256_castsi256_si128(total), _mm256_extracti128_si256(total, 1));
        t4 = _mm_add_epi32(t4, _mm_shuffle_epi32(t4, 0x4E));
        t4 = _mm_add_epi32(t4, _mm_shuffle_epi32(t4, 0xB1));
        // packs works within 128-bit lanes; the permutation restores element order.
        i0 = _mm256_packs_epi32(i0, i1);
        i2 = _mm256_packs_epi32(i2, i3);
        i0 = _mm256_permutevar8x32_epi32(_mm256_packs_epi16(i0, i2), order);
        _mm256_storeu_si256((__m256i *)out[b].q, i0);
        out[b].d = d;
        out[b].s = d * (float)_mm_cvtsi128_si32(t4);
    }
}

CQK_AVX2 static float dot_q4_avx2(const uint8_t *row, size_t blocks, int has_minimum, const cqk_q8_block *x) {
    const size_t stride = has_minimum ? 20 : 18, quants = has_minimum ? 4 : 2;
    const __m256i low = _mm256_set1_epi8(0x0F);
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    float minimum_term = 0;
    for (size_t b = 0; b < blocks; b++) {
        const uint8_t *block = row + b * stride;
        const __m128i packed = _mm_loadu_si128((const __m128i *)(block + quants));
        // Low nibbles are elements 0..15, high nibbles 16..31.
        const __m256i nibbles = _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(packed, 4), packed), low);
        const __m256 sums = product_sums(nibbles, _mm256_loadu_si256((const __m256i *)x[b].q));
        const float d = half_to_float(block);
        const __m256 scale = _mm256_set1_ps(d * x[b].d);
        if (b & 1) acc1 = _mm256_fmadd_ps(sums, scale, acc1);
        else acc0 = _mm256_fmadd_ps(sums, scale, acc0);
        const float m = has_minimum ? half_to_float(block + 2) : -8.f * d;
        minimum_term += m * x[b].s;
    }
    return horizontal_sum(_mm256_add_ps(acc0, acc1)) + minimum_term;
}

CQK_AVX2 static float dot_q8_0_avx2(const uint8_t *row, size_t blocks, const cqk_q8_block *x) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    for (size_t b = 0; b < blocks; b++) {
        const uint8_t *block = row + b * 34;
        const __m256i w = _mm256_loadu_si256((const __m256i *)(block + 2));
        const __m256i a = _mm256_loadu_si256((const __m256i *)x[b].q);
        // |w| · (a with w's sign): maddubs needs one unsigned operand.
        const __m256 sums = product_sums(_mm256_sign_epi8(w, w), _mm256_sign_epi8(a, w));
        const __m256 scale = _mm256_set1_ps(half_to_float(block) * x[b].d);
        if (b & 1) acc1 = _mm256_fmadd_ps(sums, scale, acc1);
        else acc0 = _mm256_fmadd_ps(sums, scale, acc0);
    }
    return horizontal_sum(_mm256_add_ps(acc0, acc1));
}

CQK_AVX2 static void matvec_q4_avx2(const uint8_t *w, size_t row_bytes, size_t blocks, int has_minimum,
                                    size_t row_start, size_t row_end, const cqk_q8_block *x, float *y) {
    if (has_minimum) {
        for (size_t r = row_start; r < row_end; r++) y[r] = dot_q4_avx2(w + r * row_bytes, blocks, 1, x);
    } else {
        for (size_t r = row_start; r < row_end; r++) y[r] = dot_q4_avx2(w + r * row_bytes, blocks, 0, x);
    }
}

CQK_AVX2 static void matvec_q8_0_avx2(const uint8_t *w, size_t row_bytes, size_t blocks,
                                      size_t row_start, size_t row_end, const cqk_q8_block *x, float *y) {
    for (size_t r = row_start; r < row_end; r++) y[r] = dot_q8_0_avx2(w + r * row_bytes, blocks, x);
}
#endif

// ---- Entry points -----------------------------------------------------------------------

void cqk_quantize_q8(const float *x, size_t blocks, cqk_q8_block *out) {
#if CQK_X86
    if (cqk_available()) return quantize_avx2(x, blocks, out);
#endif
    quantize_scalar(x, blocks, out);
}

void cqk_matvec_q4(const void *w, size_t row_bytes, size_t blocks, int has_minimum,
                   size_t row_start, size_t row_end, const cqk_q8_block *x, float *y) {
    const uint8_t *base = (const uint8_t *)w;
#if CQK_X86
    if (cqk_available()) return matvec_q4_avx2(base, row_bytes, blocks, has_minimum, row_start, row_end, x, y);
#endif
    for (size_t r = row_start; r < row_end; r++) y[r] = dot_q4_scalar(base + r * row_bytes, blocks, has_minimum, x);
}

void cqk_matvec_q8_0(const void *w, size_t row_bytes, size_t blocks,
                     size_t row_start, size_t row_end, const cqk_q8_block *x, float *y) {
    const uint8_t *base = (const uint8_t *)w;
#if CQK_X86
    if (cqk_available()) return matvec_q8_0_avx2(base, row_bytes, blocks, row_start, row_end, x, y);
#endif
    for (size_t r = row_start; r < row_end; r++) y[r] = dot_q8_0_scalar(base + r * row_bytes, blocks, x);
}
