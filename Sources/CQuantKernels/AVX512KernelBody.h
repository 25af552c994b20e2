// The AVX-512 row loops, written once and included twice by AVX512Kernels.c: PATH_SUFFIX
// names the copy, PATH_TARGET is its target attribute, and PATH_VNNI says whether byte
// products are summed by vpdpbusd (AVX512-VNNI: four u8·s8 products into each int32 lane
// in one instruction) or by vpmaddubsw then vpmaddwd (AVX-512BW alone). Both sums are
// exact (no pair of products here reaches int16 saturation: 2·15·127 for Q4, 2·128·127
// for Q8_0), so every block's integer dot equals the AVX2 path's; only the float
// summation of scaled block sums runs in another order.

#define PATH_CAT_(a, b) a##b
#define PATH_CAT(a, b) PATH_CAT_(a, b)
#define PATH_NAME(base) PATH_CAT(base, PATH_SUFFIX)

// acc + Σ over each 4-byte group of u·s (u unsigned, s signed), per int32 lane.
PATH_TARGET static inline __m512i PATH_NAME(dot_bytes_)(__m512i acc, __m512i u, __m512i s) {
#if PATH_VNNI
    return _mm512_dpbusd_epi32(acc, u, s);
#else
    return _mm512_add_epi32(acc, _mm512_madd_epi16(_mm512_maddubs_epi16(u, s), _mm512_set1_epi16(1)));
#endif
}

PATH_TARGET static inline __m256i PATH_NAME(dot_bytes_256_)(__m256i acc, __m256i u, __m256i s) {
#if PATH_VNNI
    return _mm256_dpbusd_epi32(acc, u, s);
#else
    return _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1)));
#endif
}

// The half-precision float at p (any alignment), widened.
PATH_TARGET static inline float PATH_NAME(half_)(const uint8_t *p) {
    uint16_t h;
    memcpy(&h, p, 2);
    return _cvtsh_ss(h);
}

PATH_TARGET static inline float PATH_NAME(sum256_)(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// x's pair-ordered bytes regrouped per four blocks: [L0 L1 H0 H1][L2 L3 H2 H3] becomes
// [L0 L1 L2 L3][H0 H1 H2 H3] (16 bytes each), so one 64-byte load meets 64 bytes of nibbles.
PATH_TARGET static void PATH_NAME(quad_order_)(const int8_t *q, size_t blocks, int8_t *quad) {
    for (size_t b = 0; b + 4 <= blocks; b += 4) {
        const __m512i first = _mm512_loadu_si512(q + b * 32), second = _mm512_loadu_si512(q + b * 32 + 64);
        _mm512_storeu_si512(quad + b * 32, _mm512_shuffle_i64x2(first, second, _MM_SHUFFLE(1, 0, 1, 0)));
        _mm512_storeu_si512(quad + b * 32 + 64, _mm512_shuffle_i64x2(first, second, _MM_SHUFFLE(3, 2, 3, 2)));
    }
}

// Σ over blocks [b, blocks) of one Q4 row, fewer than four, with x in pair order from b (even).
PATH_TARGET static inline float PATH_NAME(q4_tail_)(const uint8_t *row, size_t blocks, int has_minimum,
                                                    cqk_activations x, size_t b) {
    const uint8_t *quants = row, *scales = row + blocks * 16, *minimums = scales + blocks * 2;
    const __m256i low = _mm256_set1_epi8(0x0F);
    float total = 0;
    for (size_t i = b; i < blocks; i++) {
        const float d = PATH_NAME(half_)(scales + i * 2);
        total += (has_minimum ? PATH_NAME(half_)(minimums + i * 2) : -8.f * d) * x.s[i];
    }
    if (b + 1 < blocks) {
        // Lanes 0..3 hold block b, lanes 4..7 block b+1.
        const __m256i packed = _mm256_loadu_si256((const __m256i *)(quants + b * 16));
        const __m256i lo = _mm256_and_si256(packed, low), hi = _mm256_and_si256(_mm256_srli_epi16(packed, 4), low);
        const __m256i x_lo = _mm256_loadu_si256((const __m256i *)(x.q + b * 32));
        __m256i sums = PATH_NAME(dot_bytes_256_)(_mm256_setzero_si256(), lo, x_lo);
        sums = PATH_NAME(dot_bytes_256_)(sums, hi, _mm256_loadu_si256((const __m256i *)(x.q + b * 32 + 32)));
        const float s0 = PATH_NAME(half_)(scales + b * 2) * x.d[b];
        const float s1 = PATH_NAME(half_)(scales + b * 2 + 2) * x.d[b + 1];
        const __m256 scale = _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_set1_ps(s0)), _mm_set1_ps(s1), 1);
        total += PATH_NAME(sum256_)(_mm256_mul_ps(_mm256_cvtepi32_ps(sums), scale));
        b += 2;
    }
    if (b < blocks) {
        // An unpaired last block: x in natural order, nibbles unpacked to [low 16, high 16].
        const __m128i packed = _mm_loadu_si128((const __m128i *)(quants + b * 16));
        const __m256i nibbles = _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(packed, 4), packed), low);
        const __m256i sums = PATH_NAME(dot_bytes_256_)(_mm256_setzero_si256(), nibbles,
                                                       _mm256_loadu_si256((const __m256i *)(x.q + b * 32)));
        const float scale = PATH_NAME(half_)(scales + b * 2) * x.d[b];
        total += PATH_NAME(sum256_)(_mm256_cvtepi32_ps(sums)) * scale;
    }
    return total;
}

// One Q4 row · x, four blocks per step: 64 bytes of nibbles against 128 quad-ordered bytes.
PATH_TARGET static inline float PATH_NAME(dot_q4_)(const uint8_t *row, size_t blocks, int has_minimum,
                                                   cqk_activations x, const int8_t *quad) {
    const uint8_t *quants = row, *scales = row + blocks * 16, *minimums = scales + blocks * 2;
    const __m512i low = _mm512_set1_epi8(0x0F);
    // Lane group k (int32 lanes 4k…4k+3) holds block b+k: its scale spread over the group.
    const __m512i spread = _mm512_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    __m128 minimum_acc = _mm_setzero_ps();
    size_t b = 0;
    for (; b + 4 <= blocks; b += 4) {
        const __m512i packed = _mm512_loadu_si512(quants + b * 16);
        const __m512i lo = _mm512_and_si512(packed, low), hi = _mm512_and_si512(_mm512_srli_epi16(packed, 4), low);
        __m512i sums = PATH_NAME(dot_bytes_)(_mm512_setzero_si512(), lo, _mm512_loadu_si512(quad + b * 32));
        sums = PATH_NAME(dot_bytes_)(sums, hi, _mm512_loadu_si512(quad + b * 32 + 64));
        const __m128 d = _mm_cvtph_ps(_mm_loadl_epi64((const __m128i *)(scales + b * 2)));
        const __m128 m = has_minimum ? _mm_cvtph_ps(_mm_loadl_epi64((const __m128i *)(minimums + b * 2)))
                                     : _mm_mul_ps(d, _mm_set1_ps(-8.f));
        minimum_acc = _mm_fmadd_ps(m, _mm_loadu_ps(x.s + b), minimum_acc);
        const __m128 scale4 = _mm_mul_ps(d, _mm_loadu_ps(x.d + b));
        const __m512 scale = _mm512_permutexvar_ps(spread, _mm512_castps128_ps512(scale4));
        if (b & 4) acc1 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sums), scale, acc1);
        else acc0 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sums), scale, acc0);
    }
    minimum_acc = _mm_add_ps(minimum_acc, _mm_movehl_ps(minimum_acc, minimum_acc));
    minimum_acc = _mm_add_ss(minimum_acc, _mm_movehdup_ps(minimum_acc));
    float total = _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1)) + _mm_cvtss_f32(minimum_acc);
    if (b < blocks) total += PATH_NAME(q4_tail_)(row, blocks, has_minimum, x, b);
    return total;
}

PATH_TARGET void PATH_NAME(cqk_matvec_q4_)(const uint8_t *w, size_t blocks, int has_minimum, size_t row_start,
                                           size_t row_end, cqk_activations x, int8_t *quad, float *y) {
    PATH_NAME(quad_order_)(x.q, blocks, quad);
    const size_t row_bytes = blocks * (has_minimum ? 20 : 18);
    const uint8_t *end = w + row_end * row_bytes;
    for (size_t r = row_start; r < row_end; r++) {
        const uint8_t *row = w + r * row_bytes;
        prefetch_ahead(row, row_bytes, end);
        y[r] = has_minimum ? PATH_NAME(dot_q4_)(row, blocks, 1, x, quad) : PATH_NAME(dot_q4_)(row, blocks, 0, x, quad);
    }
}

// One Q8_0 row · x, two 34-byte blocks per step. vpdpbusd needs one unsigned operand:
// |w| against x with w's sign, as the AVX2 path does with vpsignb (which AVX-512 lacks).
PATH_TARGET static inline float PATH_NAME(dot_q8_0_)(const uint8_t *row, size_t blocks, const int8_t *q,
                                                     const float *d) {
    __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
    size_t b = 0;
    for (; b + 2 <= blocks; b += 2) {
        const uint8_t *block = row + b * 34;
        const __m512i w = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)(block + 2))),
                                             _mm256_loadu_si256((const __m256i *)(block + 36)), 1);
        const __m512i a = _mm512_loadu_si512(q + b * 32);
        const __m512i signed_a = _mm512_mask_sub_epi8(a, _mm512_movepi8_mask(w), _mm512_setzero_si512(), a);
        const __m512i sums = PATH_NAME(dot_bytes_)(_mm512_setzero_si512(), _mm512_abs_epi8(w), signed_a);
        const __m512 scale = _mm512_mask_blend_ps(0xFF00, _mm512_set1_ps(PATH_NAME(half_)(block) * d[b]),
                                                  _mm512_set1_ps(PATH_NAME(half_)(block + 34) * d[b + 1]));
        if (b & 2) acc1 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sums), scale, acc1);
        else acc0 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sums), scale, acc0);
    }
    float total = _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
    if (b < blocks) {
        const uint8_t *block = row + b * 34;
        const __m256i w = _mm256_loadu_si256((const __m256i *)(block + 2));
        const __m256i a = _mm256_loadu_si256((const __m256i *)(q + b * 32));
        const __m256i sums =
            PATH_NAME(dot_bytes_256_)(_mm256_setzero_si256(), _mm256_sign_epi8(w, w), _mm256_sign_epi8(a, w));
        total += PATH_NAME(sum256_)(_mm256_cvtepi32_ps(sums)) * (PATH_NAME(half_)(block) * d[b]);
    }
    return total;
}

PATH_TARGET void PATH_NAME(cqk_matvec_q8_0_)(const uint8_t *w, size_t row_bytes, size_t blocks, size_t row_start,
                                             size_t row_end, const int8_t *natural, const float *d, float *y) {
    const uint8_t *end = w + row_end * row_bytes;
    for (size_t r = row_start; r < row_end; r++) {
        const uint8_t *row = w + r * row_bytes;
        prefetch_ahead(row, row_bytes, end);
        y[r] = PATH_NAME(dot_q8_0_)(row, blocks, natural, d);
    }
}

#undef PATH_NAME
#undef PATH_CAT
#undef PATH_CAT_
