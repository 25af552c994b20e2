// The vector path is compiled per function with AVX-512 BF16 target attributes; the rest
// of the file (CPU check, packing, scalar fallback) is plain x86-64, safe to call anywhere.
//
// Blocking: rows are taken in chunks of CHUNK_ROWS, each chunk rounded to bfloat16 once
// (at most 96 x 1536 x 2 bytes for MiniLM, so it stays in L2). For every group of four
// 16-feature weight panels (64 outputs, at most 196 KB, also in L2) the chunk is swept in
// tiles of TILE_ROWS rows: 6 x 4 accumulators of 16 floats, each weight load feeding six
// `vdpbf16ps` and each broadcast of an input pair four.
#include "CEncoderKernels.h"

#include "CCPUDispatch.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define CEK_X86 1
#define CEK_BF16 __attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))
#else
#define CEK_X86 0
#endif

enum { PANEL = 16, GROUP = 4, TILE_ROWS = 6, CHUNK_ROWS = 96 };

static atomic_int vector_paths_enabled = 1;

void cek_use_vector_paths(int enabled) { atomic_store_explicit(&vector_paths_enabled, enabled, memory_order_relaxed); }

int cek_bf16_available(void) {
#if CEK_X86
    if (!atomic_load_explicit(&vector_paths_enabled, memory_order_relaxed)) return 0;
    static atomic_int cached = -1;
    int has = atomic_load_explicit(&cached, memory_order_relaxed);
    if (has < 0) {
        has = qcpu_has(QCPU_AVX512F | QCPU_AVX512BW | QCPU_AVX512VL | QCPU_AVX512BF16);
        atomic_store_explicit(&cached, has, memory_order_relaxed);
    }
    return has;
#else
    return 0;
#endif
}

static uint16_t bf16_bits(float x) {
    uint32_t bits;
    memcpy(&bits, &x, sizeof bits);
    if ((bits & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((bits >> 16) | 0x40u);  // quiet NaN
    bits += 0x7fffu + ((bits >> 16) & 1u);
    return (uint16_t)(bits >> 16);
}

static float bf16_value(uint16_t h) {
    const uint32_t bits = (uint32_t)h << 16;
    float x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

float cek_bf16_round(float x) { return bf16_value(bf16_bits(x)); }

static size_t pairs_of(size_t k) { return (k + 1) / 2; }

size_t cek_bf16_packed_count(size_t n, size_t k) { return (n + PANEL - 1) / PANEL * PANEL * pairs_of(k) * 2; }

void cek_bf16_pack(const float *w, size_t n, size_t k, uint16_t *packed) {
    const size_t pairs = pairs_of(k), panels = (n + PANEL - 1) / PANEL;
    for (size_t p = 0; p < panels; p++) {
        for (size_t q = 0; q < pairs; q++) {
            uint16_t *slot = packed + (p * pairs + q) * PANEL * 2;
            for (size_t c = 0; c < PANEL; c++) {
                const size_t row = p * PANEL + c;
                for (size_t e = 0; e < 2; e++) {
                    const size_t col = 2 * q + e;
                    slot[2 * c + e] = row < n && col < k ? bf16_bits(w[row * k + col]) : 0;
                }
            }
        }
    }
}

// The packed weight of output feature `row`, input `col`.
static float packed_weight(const uint16_t *packed, size_t pairs, size_t row, size_t col) {
    return bf16_value(packed[((row / PANEL * pairs + col / 2) * PANEL + row % PANEL) * 2 + col % 2]);
}

// Scalar path: the same bfloat16 products, summed in float32 pair by pair.
static void linear_scalar(const float *x, size_t rows, size_t k, const uint16_t *packed, size_t n, const float *bias,
                          int accumulate, float *y) {
    const size_t pairs = pairs_of(k);
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c < n; c++) {
            float sum = 0;
            for (size_t i = 0; i < k; i++) sum += cek_bf16_round(x[r * k + i]) * packed_weight(packed, pairs, c, i);
            const float value = sum + (bias ? bias[c] : 0.f);
            y[r * n + c] = accumulate ? y[r * n + c] + value : value;
        }
    }
}

#if CEK_X86
// Rounds rows x k floats to bfloat16 rows of `stride` (even) values, the padding zero.
CEK_BF16 static void round_rows(const float *x, size_t rows, size_t k, size_t stride, uint16_t *out) {
    for (size_t r = 0; r < rows; r++) {
        const float *src = x + r * k;
        uint16_t *dst = out + r * stride;
        size_t i = 0;
        for (; i + 32 <= k; i += 32) {
            const __m512bh v = _mm512_cvtne2ps_pbh(_mm512_loadu_ps(src + i + 16), _mm512_loadu_ps(src + i));
            _mm512_storeu_si512(dst + i, (__m512i)v);
        }
        for (; i < k; i++) dst[i] = bf16_bits(src[i]);
        if (k < stride) dst[k] = 0;
    }
}

// One tile: `mr` rows of bfloat16 inputs (`stride` apart) times `nr` weight panels
// (`panel_stride` apart), stored to y with bias and accumulation; `n` bounds the columns.
CEK_BF16 static inline __attribute__((always_inline)) void tile(
    const uint16_t *a, size_t stride, const uint16_t *b, size_t panel_stride, size_t pairs, const int mr, const int nr,
    float *y, size_t n, size_t first_column, const float *bias, int accumulate) {
    __m512 acc[TILE_ROWS][GROUP];
    for (int i = 0; i < mr; i++)
        for (int j = 0; j < nr; j++) acc[i][j] = _mm512_setzero_ps();
    for (size_t q = 0; q < pairs; q++) {
        __m512bh w[GROUP];
        for (int j = 0; j < nr; j++) w[j] = (__m512bh)_mm512_loadu_si512(b + j * panel_stride + q * PANEL * 2);
        for (int i = 0; i < mr; i++) {
            int32_t pair;
            memcpy(&pair, a + i * stride + 2 * q, sizeof pair);
            const __m512bh v = (__m512bh)_mm512_set1_epi32(pair);
            for (int j = 0; j < nr; j++) acc[i][j] = _mm512_dpbf16_ps(acc[i][j], v, w[j]);
        }
    }
    for (int j = 0; j < nr; j++) {
        const size_t column = first_column + (size_t)j * PANEL;
        const size_t valid = n - column < PANEL ? n - column : PANEL;
        const __mmask16 mask = (__mmask16)((1u << valid) - 1u);
        const __m512 shift = bias ? _mm512_maskz_loadu_ps(mask, bias + column) : _mm512_setzero_ps();
        for (int i = 0; i < mr; i++) {
            float *out = y + (size_t)i * n + column;
            __m512 value = _mm512_add_ps(acc[i][j], shift);
            if (accumulate) value = _mm512_add_ps(value, _mm512_maskz_loadu_ps(mask, out));
            _mm512_mask_storeu_ps(out, mask, value);
        }
    }
}

#define CEK_TILE_CASE(MR, NR)                                                                                   \
    case MR * 8 + NR:                                                                                           \
        tile(a, stride, b, panel_stride, pairs, MR, NR, y, n, first_column, bias, accumulate);                 \
        break;
#define CEK_TILE_ROW(MR) CEK_TILE_CASE(MR, 1) CEK_TILE_CASE(MR, 2) CEK_TILE_CASE(MR, 3) CEK_TILE_CASE(MR, 4)

// A tile of any shape up to TILE_ROWS x GROUP, each shape compiled with constant bounds.
CEK_BF16 static void tile_any(const uint16_t *a, size_t stride, const uint16_t *b, size_t panel_stride, size_t pairs,
                              int mr, int nr, float *y, size_t n, size_t first_column, const float *bias,
                              int accumulate) {
    switch (mr * 8 + nr) {
        CEK_TILE_ROW(1) CEK_TILE_ROW(2) CEK_TILE_ROW(3) CEK_TILE_ROW(4) CEK_TILE_ROW(5) CEK_TILE_ROW(6)
        default: break;
    }
}

CEK_BF16 static void linear_avx512(const float *x, size_t rows, size_t k, const uint16_t *packed, size_t n,
                                   const float *bias, int accumulate, float *y, uint16_t *chunk) {
    const size_t pairs = pairs_of(k), stride = 2 * pairs, panel_stride = pairs * PANEL * 2;
    const size_t panels = (n + PANEL - 1) / PANEL;
    for (size_t start = 0; start < rows; start += CHUNK_ROWS) {
        const size_t count = rows - start < CHUNK_ROWS ? rows - start : CHUNK_ROWS;
        round_rows(x + start * k, count, k, stride, chunk);
        for (size_t p = 0; p < panels; p += GROUP) {
            const int nr = (int)(panels - p < GROUP ? panels - p : GROUP);
            const uint16_t *b = packed + p * panel_stride;
            for (size_t r = 0; r < count; r += TILE_ROWS) {
                const int mr = (int)(count - r < TILE_ROWS ? count - r : TILE_ROWS);
                tile_any(chunk + r * stride, stride, b, panel_stride, pairs, mr, nr, y + (start + r) * n, n,
                         p * PANEL, bias, accumulate);
            }
        }
    }
}
#endif

void cek_bf16_linear(const float *x, size_t rows, size_t k, const uint16_t *packed, size_t n, const float *bias,
                     int accumulate, float *y) {
    if (rows == 0 || n == 0) return;
#if CEK_X86
    if (cek_bf16_available()) {
        uint16_t *chunk = malloc(CHUNK_ROWS * 2 * pairs_of(k) * sizeof *chunk);
        if (chunk) {
            linear_avx512(x, rows, k, packed, n, bias, accumulate, y, chunk);
            free(chunk);
            return;
        }
    }
#endif
    linear_scalar(x, rows, k, packed, n, bias, accumulate, y);
}
