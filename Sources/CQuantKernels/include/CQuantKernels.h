// Matrix-vector kernels over GGUF quantised rows (Q4_0, Q4_1, Q8_0) the way llama.cpp
// runs them: the activations are quantised to signed bytes per block of 32 first
// (its Q8_0/Q8_1 "vec_dot_type"), then each block's dot product is an integer sum.
// Each entry point takes the active path (cqk_active_path: AVX-512 VNNI, AVX-512BW, AVX2
// or scalar C, the best this CPU has unless forced), with the same results up to float
// summation order.
#ifndef CQUANTKERNELS_H
#define CQUANTKERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Activations quantised per block of 32: x[j] ≈ d[b]·q[j], d[b] = max|x|/127 over the
/// block, s[b] = d[b]·Σq over the block. q is in pair order: blocks 2i and 2i+1 lie as
/// [low 16 of 2i, low 16 of 2i+1, high 16 of 2i, high 16 of 2i+1] (the order in which
/// two blocks of packed nibbles unpack); an unpaired last block is in natural order.
typedef struct {
    const int8_t *q;
    const float *d;
    const float *s;
} cqk_activations;

/// The code paths the kernels can take, each with the same integer block sums (results
/// differ only by float summation order).
typedef enum {
    CQK_PATH_SCALAR = 0,
    /// AVX2, FMA and F16C (vpmaddubsw, as llama.cpp's ggml_vec_dot_q4_1_q8_1).
    CQK_PATH_AVX2 = 1,
    /// AVX-512F/BW/VL: 64-byte steps, still vpmaddubsw and vpmaddwd.
    CQK_PATH_AVX512BW = 2,
    /// AVX-512F/BW/VL with VNNI: vpdpbusd sums four byte products per int32 lane.
    CQK_PATH_AVX512VNNI = 3,
} cqk_path;

/// 1 when this CPU (through CCPUDispatch) has what `path` needs; the scalar path always.
int cqk_path_supported(cqk_path path);

/// The path the kernels take unless forced: the fastest this CPU supports.
cqk_path cqk_best_path(void);

/// Makes every entry point take `path` (a cqk_path), or the best one again for -1, so
/// tests and benchmarks can run each path. Returns 0, changing nothing, when this CPU
/// lacks the path or it is not one; else 1. Atomic, so any thread may call it; a call
/// already running finishes on the path it started with.
int cqk_force_path(int path);

/// The path the kernels take now. Thread-safe.
cqk_path cqk_active_path(void);

/// "scalar", "avx2", "avx512bw" or "avx512vnni".
const char *cqk_path_name(cqk_path path);

/// Quantises x[blocks·32] into q[blocks·32] (pair order), d[blocks] and s[blocks]:
/// q = round-half-even(x·127/max|x|) per block.
void cqk_quantize(const float *x, size_t blocks, int8_t *q, float *d, float *s);

/// Copies `rows` GGUF Q4_0 (18-byte) or Q4_1 (20-byte) rows of `blocks` blocks into the
/// layout cqk_matvec_q4 reads, of the same size: per row, blocks·16 bytes of nibbles,
/// then blocks half-precision scales, then (Q4_1) blocks half-precision minimums.
void cqk_repack_q4(const void *rows_in, size_t rows, size_t blocks, int has_minimum, void *out);

/// y[r] = row r · x for r in [row_start, row_end), rows repacked by cqk_repack_q4 and
/// `blocks` blocks long. has_minimum: 1 for Q4_1, 0 for Q4_0.
void cqk_matvec_q4(const void *w, size_t blocks, int has_minimum,
                   size_t row_start, size_t row_end, cqk_activations x, float *y);

/// y[r] = row r · x for r in [row_start, row_end). W rows are GGUF Q8_0 (34-byte)
/// blocks of 32 weights, `blocks` per row, `row_bytes` apart.
void cqk_matvec_q8_0(const void *w, size_t row_bytes, size_t blocks,
                     size_t row_start, size_t row_end, cqk_activations x, float *y);

#endif
