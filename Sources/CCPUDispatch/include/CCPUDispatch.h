#ifndef CCPUDISPATCH_H
#define CCPUDISPATCH_H

// What the CPU this process runs on can do, read once with cpuid (and xgetbv, so a
// feature counts only when the operating system saves its registers). Every C kernel
// target and the BLAS kernel choice ask here, so there is one CPU check in Quarry.

#ifdef __cplusplus
extern "C" {
#endif

/// One bit per instruction-set feature Quarry dispatches on.
enum {
    QCPU_AVX2 = 1u << 0,
    QCPU_FMA = 1u << 1,
    QCPU_F16C = 1u << 2,
    QCPU_AVX512F = 1u << 3,
    QCPU_AVX512DQ = 1u << 4,
    QCPU_AVX512BW = 1u << 5,
    QCPU_AVX512VL = 1u << 6,
    QCPU_AVX512VNNI = 1u << 7,
    QCPU_AVX512BF16 = 1u << 8,
    QCPU_AVX512FP16 = 1u << 9,
    QCPU_AVXVNNI = 1u << 10,
    QCPU_AMX_TILE = 1u << 11,
    QCPU_AMX_INT8 = 1u << 12,
    QCPU_AMX_BF16 = 1u << 13,
};

/// The features of this CPU (QCPU_* bits); 0 on non-x86 machines. Thread-safe.
unsigned int qcpu_features(void);

/// 1 when every bit of `mask` is in qcpu_features().
int qcpu_has(unsigned int mask);

/// The CPU vendor string ("GenuineIntel", "AuthenticAMD", …), or "" off x86.
const char *qcpu_vendor(void);

/// cpuid's display family and model (family 6 model 143 is Sapphire Rapids; family 25
/// is AMD Zen 3/4, 26 Zen 5); -1 off x86.
int qcpu_family(void);
int qcpu_model(void);

#ifdef __cplusplus
}
#endif

#endif
