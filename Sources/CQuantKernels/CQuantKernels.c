// The entry points, the path choice, and the scalar and AVX2 paths. Vector paths are
// compiled per function with target attributes (AVX2/FMA/F16C here, AVX-512 in
// AVX512Kernels.c); the rest of the file is plain x86-64, so it is safe to call anywhere.
#include "CQuantKernels.h"
#include "QuantKernelPaths.h"

#include "CCPUDispatch.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define CQK_X86 1
#define CQK_AVX2 __attribute__((target("avx2,fma,f16c")))
#define ROUND_NEAREST (_MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#else
#define CQK_X86 0
#endif

// ---- Path choice ------------------------------------------------------------------------

static const unsigned int avx2_features = QCPU_AVX2 | QCPU_FMA | QCPU_F16C;
static const unsigned int avx512bw_features =
    QCPU_AVX2 | QCPU_FMA | QCPU_F16C | QCPU_AVX512F | QCPU_AVX512BW | QCPU_AVX512VL;

int cqk_path_supported(cqk_path path) {
    switch (path) {
    case CQK_PATH_SCALAR: return 1;
#if CQK_X86
    case CQK_PATH_AVX2: return qcpu_has(avx2_features);
    case CQK_PATH_AVX512BW: return qcpu_has(avx512bw_features);
    case CQK_PATH_AVX512VNNI: return qcpu_has(avx512bw_features | QCPU_AVX512VNNI);
#endif
    default: return 0;
    }
}

cqk_path cqk_best_path(void) {
    // Fastest first, as measured (README, "Measured figures"): VNNI, then AVX-512BW, then AVX2.
    static const cqk_path order[] = {CQK_PATH_AVX512VNNI, CQK_PATH_AVX512BW, CQK_PATH_AVX2};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        if (cqk_path_supported(order[i])) return order[i];
    }
    return CQK_PATH_SCALAR;
}

static atomic_int forced_path = -1;  // -1: the best path for this CPU

int cqk_force_path(int path) {
    const int known = path >= CQK_PATH_SCALAR && path <= CQK_PATH_AVX512VNNI;
    if (path != -1 && (!known || !cqk_path_supported((cqk_path)path))) return 0;
    atomic_store_explicit(&forced_path, path, memory_order_relaxed);
    return 1;
}

cqk_path cqk_active_path(void) {
    const int forced = atomic_load_explicit(&forced_path, memory_order_relaxed);
    if (forced >= 0) return (cqk_path)forced;
    // -1 until first read; every thread that races here computes and stores the same value.
    static atomic_int best = -1;
    int path = atomic_load_explicit(&best, memory_order_relaxed);
    if (path < 0) {
        path = (int)cqk_best_path();
        atomic_store_explicit(&best, path, memory_order_relaxed);
    }
    return (cqk_path)path;
}

const char *cqk_path_name(cqk_path path) {
    switch (path) {
    case CQK_PATH_SCALAR: return "scalar";
    case CQK_PATH_AVX2: return "avx2";
    case CQK_PATH_AVX512BW: return "avx512bw";
    case CQK_PATH_AVX512VNNI: return "avx512vnni";
    default: return "unknown";
    }
}

// Where element j (0..31) of block b lies in pair-ordered activations.
static inline size_t pair_position(size_t blocks, size_t b, size_t j) {
    if ((blocks & 1) && b == blocks - 1) return b * 32 + j;
    return (b & ~(size_t)1) * 32 + (j >= 16 ? 32 : 0) + (b & 1) * 16 + (j & 15);
}

void cqk_repack_q4(const void *rows_in, size_t rows, size_t blocks, int has_minimum, void *out) {
    const size_t stride = has_minimum ? 20 : 18, header = has_minimum ? 4 : 2;
    const uint8_t *in = (const uint8_t *)rows_in;
    uint8_t *o = (uint8_t *)out;
    for (size_t r = 0; r < rows; r++) {
        const uint8_t *row = in + r * blocks * stride;
        uint8_t *quants = o + r * blocks * stride, *scales = quants + blocks * 16, *minimums = scales + blocks * 2;
        for (size_t b = 0; b < blocks; b++) {
            memcpy(quants + b * 16, row + b * stride + header, 16);
            memcpy(scales + b * 2, row + b * stride, 2);
            if (has_minimum) memcpy(minimums + b * 2, row + b * stride + 2, 2);
        }
    }
}

// ---- Scalar paths ---------------------------------------------------------------------

// IEEE half-precision bits at p, widened exactly to float (subnormals, infinities, NaN).
static inline float half_bits_to_float(const uint8_t *p) {
    uint16_t h;
    memcpy(&h, p, 2);
    const uint32_t exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF;
    float magnitude;
    if (exponent == 0) {
        magnitude = ldexpf((float)mantissa, -24);
    } else if (exponent == 31) {
        magnitude = mantissa ? NAN : INFINITY;
    } else {
        const uint32_t bits = ((exponent + 112) << 23) | (mantissa << 13);
        memcpy(&magnitude, &bits, 4);
    }
    return (h & 0x8000) ? -magnitude : magnitude;
}

static void quantize_scalar(const float *x, size_t blocks, int8_t *q, float *d, float *s) {
    for (size_t b = 0; b < blocks; b++) {
        const float *xb = x + b * 32;
        float amax = 0;
        for (int j = 0; j < 32; j++) amax = fmaxf(amax, fabsf(xb[j]));
        const float scale = amax / 127.f, inverse = amax != 0 ? 127.f / amax : 0.f;
        int sum = 0;
        for (size_t j = 0; j < 32; j++) {
            const int v = (int)rintf(xb[j] * inverse);
            q[pair_position(blocks, b, j)] = (int8_t)v;
            sum += v;
        }
        d[b] = scale;
        s[b] = scale * (float)sum;
    }
}

static float dot_q4_scalar(const uint8_t *row, size_t blocks, int has_minimum, cqk_activations x) {
    const uint8_t *quants = row, *scales = row + blocks * 16, *minimums = scales + blocks * 2;
    float total = 0;
    for (size_t b = 0; b < blocks; b++) {
        int sum = 0;
        for (size_t j = 0; j < 16; j++) {
            const uint8_t packed = quants[b * 16 + j];
            sum += (packed & 0x0F) * x.q[pair_position(blocks, b, j)] + (packed >> 4) * x.q[pair_position(blocks, b, j + 16)];
        }
        const float d = half_bits_to_float(scales + b * 2);
        const float m = has_minimum ? half_bits_to_float(minimums + b * 2) : -8.f * d;
        total += d * x.d[b] * (float)sum + m * x.s[b];
    }
    return total;
}

static float dot_q8_0_scalar(const uint8_t *row, size_t blocks, cqk_activations x) {
    float total = 0;
    for (size_t b = 0; b < blocks; b++) {
        const uint8_t *block = row + b * 34;
        int sum = 0;
        for (size_t j = 0; j < 32; j++) sum += (int8_t)block[2 + j] * x.q[pair_position(blocks, b, j)];
        total += half_bits_to_float(block) * x.d[b] * (float)sum;
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

// The 32 int16 pair sums of a maddubs, summed further into eight floats.
CQK_AVX2 static inline __m256 pair_sums_to_floats(__m256i pairs) {
    return _mm256_cvtepi32_ps(_mm256_madd_epi16(pairs, _mm256_set1_epi16(1)));
}

// One block quantised: 32 signed bytes in natural order; returns Σq.
CQK_AVX2 static inline __m256i quantize_block_avx2(const float *xb, float *d, int *sum) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    const __m256 v0 = _mm256_loadu_ps(xb), v1 = _mm256_loadu_ps(xb + 8);
    const __m256 v2 = _mm256_loadu_ps(xb + 16), v3 = _mm256_loadu_ps(xb + 24);
    const __m256 m = _mm256_max_ps(_mm256_max_ps(_mm256_andnot_ps(sign, v0), _mm256_andnot_ps(sign, v1)),
                                   _mm256_max_ps(_mm256_andnot_ps(sign, v2), _mm256_andnot_ps(sign, v3)));
    __m128 m4 = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
    m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
    m4 = _mm_max_ss(m4, _mm_movehdup_ps(m4));
    const float amax = _mm_cvtss_f32(m4);
    *d = amax / 127.f;
    const __m256 scale = _mm256_set1_ps(amax != 0 ? 127.f / amax : 0.f);
    __m256i i0 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v0, scale), ROUND_NEAREST));
    __m256i i1 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v1, scale), ROUND_NEAREST));
    __m256i i2 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v2, scale), ROUND_NEAREST));
    __m256i i3 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v3, scale), ROUND_NEAREST));
    const __m256i total = _mm256_add_epi32(_mm256_add_epi32(i0, i1), _mm256_add_epi32(i2, i3));
    __m128i t4 = _mm_add_epi32(_mm256_castsi256_si128(total), _mm256_extracti128_si256(total, 1));
    t4 = _mm_add_epi32(t4, _mm_shuffle_epi32(t4, 0x4E));
    t4 = _mm_add_epi32(t4, _mm_shuffle_epi32(t4, 0xB1));
    *sum = _mm_cvtsi128_si32(t4);
    // packs works within 128-bit lanes; the permutation restores element order.
    i0 = _mm256_packs_epi32(i0, i1);
    i2 = _mm256_packs_epi32(i2, i3);
    return _mm256_permutevar8x32_epi32(_mm256_packs_epi16(i0, i2), _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
}

CQK_AVX2 static void quantize_avx2(const float *x, size_t blocks, int8_t *q, float *d, float *s) {
    size_t b = 0;
    int sum0, sum1;
    for (; b + 1 < blocks; b += 2) {
        const __m256i n0 = quantize_block_avx2(x + b * 32, d + b, &sum0);
        const __m256i n1 = quantize_block_avx2(x + b * 32 + 32, d + b + 1, &sum1);
        _mm256_storeu_si256((__m256i *)(q + b * 32), _mm256_permute2x128_si256(n0, n1, 0x20));
        _mm256_storeu_si256((__m256i *)(q + b * 32 + 32), _mm256_permute2x128_si256(n0, n1, 0x31));
        s[b] = d[b] * (float)sum0;
        s[b + 1] = d[b + 1] * (float)sum1;
    }
    if (b < blocks) {
        _mm256_storeu_si256((__m256i *)(q + b * 32), quantize_block_avx2(x + b * 32, d + b, &sum0));
        s[b] = d[b] * (float)sum0;
    }
}

// scale: the caller's buffer of `blocks` floats, reused from row to row.
CQK_AVX2 static float dot_q4_avx2(const uint8_t *row, size_t blocks, int has_minimum, cqk_activations x, float *scale) {
    const uint8_t *quants = row, *scales = row + blocks * 16, *minimums = scales + blocks * 2;
    // Block scales d_w·d_x, and the minimum term Σ m·s (m = −8·d_w for Q4_0), eight blocks at a time.
    __m256 minimum_acc = _mm256_setzero_ps();
    size_t b = 0;
    for (; b + 8 <= blocks; b += 8) {
        const __m256 d = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(scales + b * 2)));
        _mm256_storeu_ps(scale + b, _mm256_mul_ps(d, _mm256_loadu_ps(x.d + b)));
        const __m256 m = has_minimum ? _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(minimums + b * 2)))
                                     : _mm256_mul_ps(d, _mm256_set1_ps(-8.f));
        minimum_acc = _mm256_fmadd_ps(m, _mm256_loadu_ps(x.s + b), minimum_acc);
    }
    float minimum_term = horizontal_sum(minimum_acc);
    for (; b < blocks; b++) {
        const float d = half_to_float(scales + b * 2);
        scale[b] = d * x.d[b];
        minimum_term += (has_minimum ? half_to_float(minimums + b * 2) : -8.f * d) * x.s[b];
    }
    const __m256i low = _mm256_set1_epi8(0x0F);
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    for (b = 0; b + 1 < blocks; b += 2) {
        // Two blocks of nibbles unpack to [low 16 of b, low 16 of b+1] and the high halves.
        const __m256i packed = _mm256_loadu_si256((const __m256i *)(quants + b * 16));
        const __m256i lo = _mm256_and_si256(packed, low);
        const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(packed, 4), low);
        const __m256i pairs = _mm256_add_epi16(
            _mm256_maddubs_epi16(lo, _mm256_loadu_si256((const __m256i *)(x.q + b * 32))),
            _mm256_maddubs_epi16(hi, _mm256_loadu_si256((const __m256i *)(x.q + b * 32 + 32))));
        // Lanes 0..3 hold block b, lanes 4..7 block b+1.
        const __m256 s = _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_broadcast_ss(scale + b)), _mm_broadcast_ss(scale + b + 1), 1);
        if (b & 2) acc1 = _mm256_fmadd_ps(pair_sums_to_floats(pairs), s, acc1);
        else acc0 = _mm256_fmadd_ps(pair_sums_to_floats(pairs), s, acc0);
    }
    if (b < blocks) {
        const __m128i packed = _mm_loadu_si128((const __m128i *)(quants + b * 16));
        const __m256i nibbles = _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(packed, 4), packed), low);
        const __m256i pairs = _mm256_maddubs_epi16(nibbles, _mm256_loadu_si256((const __m256i *)(x.q + b * 32)));
        acc0 = _mm256_fmadd_ps(pair_sums_to_floats(pairs), _mm256_set1_ps(scale[b]), acc0);
    }
    return horizontal_sum(_mm256_add_ps(acc0, acc1)) + minimum_term;
}

// Σ over one Q8_0 block: |w| · (a with w's sign), since maddubs needs one unsigned operand.
CQK_AVX2 static inline __m256 q8_block_sums(const uint8_t *block, __m256i a) {
    const __m256i w = _mm256_loadu_si256((const __m256i *)(block + 2));
    return pair_sums_to_floats(_mm256_maddubs_epi16(_mm256_sign_epi8(w, w), _mm256_sign_epi8(a, w)));
}

// One Q8_0 row · x, with x's bytes in natural order (q) and its block scales d.
CQK_AVX2 static float dot_q8_0_avx2(const uint8_t *row, size_t blocks, const int8_t *q, const float *d) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    for (size_t b = 0; b < blocks; b++) {
        const uint8_t *block = row + b * 34;
        const __m256 sums = q8_block_sums(block, _mm256_loadu_si256((const __m256i *)(q + b * 32)));
        const __m256 scale = _mm256_set1_ps(half_to_float(block) * d[b]);
        if (b & 1) acc1 = _mm256_fmadd_ps(sums, scale, acc1);
        else acc0 = _mm256_fmadd_ps(sums, scale, acc0);
    }
    return horizontal_sum(_mm256_add_ps(acc0, acc1));
}

CQK_AVX2 static void matvec_q4_avx2(const uint8_t *w, size_t blocks, int has_minimum,
                                    size_t row_start, size_t row_end, cqk_activations x, float *scale, float *y) {
    const size_t row_bytes = blocks * (has_minimum ? 20 : 18);
    const uint8_t *end = w + row_end * row_bytes;
    for (size_t r = row_start; r < row_end; r++) {
        const uint8_t *row = w + r * row_bytes;
        prefetch_ahead(row, row_bytes, end);
        y[r] = has_minimum ? dot_q4_avx2(row, blocks, 1, x, scale) : dot_q4_avx2(row, blocks, 0, x, scale);
    }
}

// x's bytes in natural order for Q8_0 rows, held in the caller's buffer of blocks·32 bytes.
CQK_AVX2 static void natural_order(const int8_t *q, size_t blocks, int8_t *natural) {
    size_t b = 0;
    for (; b + 1 < blocks; b += 2) {
        const __m256i lo = _mm256_loadu_si256((const __m256i *)(q + b * 32));
        const __m256i hi = _mm256_loadu_si256((const __m256i *)(q + b * 32 + 32));
        _mm256_storeu_si256((__m256i *)(natural + b * 32), _mm256_permute2x128_si256(lo, hi, 0x20));
        _mm256_storeu_si256((__m256i *)(natural + b * 32 + 32), _mm256_permute2x128_si256(lo, hi, 0x31));
    }
    if (b < blocks) memcpy(natural + b * 32, q + b * 32, 32);
}

CQK_AVX2 static void matvec_q8_0_avx2(const uint8_t *w, size_t row_bytes, size_t blocks,
                                      size_t row_start, size_t row_end, const int8_t *natural, const float *d, float *y) {
    const uint8_t *end = w + row_end * row_bytes;
    for (size_t r = row_start; r < row_end; r++) {
        const uint8_t *row = w + r * row_bytes;
        prefetch_ahead(row, row_bytes, end);
        y[r] = dot_q8_0_avx2(row, blocks, natural, d);
    }
}
#endif

// ---- Entry points -----------------------------------------------------------------------

void cqk_quantize(const float *x, size_t blocks, int8_t *q, float *d, float *s) {
#if CQK_X86
    // Every vector path has AVX2, and they all share its quantisation.
    if (cqk_active_path() != CQK_PATH_SCALAR) return quantize_avx2(x, blocks, q, d, s);
#endif
    quantize_scalar(x, blocks, q, d, s);
}

void cqk_matvec_q4(const void *w, size_t blocks, int has_minimum,
                   size_t row_start, size_t row_end, cqk_activations x, float *y) {
    const uint8_t *base = (const uint8_t *)w;
#if CQK_X86
    // AVX2 keeps each row's block scales, AVX-512 x regrouped four blocks at a time, in a
    // heap buffer made once for all rows (its size comes from the caller, so not the
    // stack); without memory for it, the scalar path runs.
    const cqk_path path = cqk_active_path();
    if (path != CQK_PATH_SCALAR && blocks > 0 && blocks <= SIZE_MAX / 64) {
        void *scratch = aligned_alloc(64, (blocks * 32 + 63) & ~(size_t)63);
        if (scratch) {
            if (path == CQK_PATH_AVX512VNNI) {
                cqk_matvec_q4_avx512vnni(base, blocks, has_minimum, row_start, row_end, x, scratch, y);
            } else if (path == CQK_PATH_AVX512BW) {
                cqk_matvec_q4_avx512bw(base, blocks, has_minimum, row_start, row_end, x, scratch, y);
            } else {
                matvec_q4_avx2(base, blocks, has_minimum, row_start, row_end, x, scratch, y);
            }
            free(scratch);
            return;
        }
    }
#endif
    const size_t row_bytes = blocks * (has_minimum ? 20 : 18);
    for (size_t r = row_start; r < row_end; r++) y[r] = dot_q4_scalar(base + r * row_bytes, blocks, has_minimum, x);
}

void cqk_matvec_q8_0(const void *w, size_t row_bytes, size_t blocks,
                     size_t row_start, size_t row_end, cqk_activations x, float *y) {
    const uint8_t *base = (const uint8_t *)w;
#if CQK_X86
    // Q8_0 blocks are in natural order: undo x's pair order once for all rows, into a heap
    // buffer (its size comes from the caller, so not the stack) aligned so that no vector
    // load splits a cache line; without memory for it, the scalar path reads x as it is.
    const cqk_path path = cqk_active_path();
    if (path != CQK_PATH_SCALAR && blocks > 0 && blocks <= SIZE_MAX / 64) {
        int8_t *natural = aligned_alloc(64, (blocks * 32 + 63) & ~(size_t)63);
        if (natural) {
            natural_order(x.q, blocks, natural);
            if (path == CQK_PATH_AVX512VNNI) {
                cqk_matvec_q8_0_avx512vnni(base, row_bytes, blocks, row_start, row_end, natural, x.d, y);
            } else if (path == CQK_PATH_AVX512BW) {
                cqk_matvec_q8_0_avx512bw(base, row_bytes, blocks, row_start, row_end, natural, x.d, y);
            } else {
                matvec_q8_0_avx2(base, row_bytes, blocks, row_start, row_end, natural, x.d, y);
            }
            free(natural);
            return;
        }
    }
#endif
    for (size_t r = row_start; r < row_end; r++) y[r] = dot_q8_0_scalar(base + r * row_bytes, blocks, x);
}
