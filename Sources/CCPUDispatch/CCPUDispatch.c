#include "CCPUDispatch.h"

#include <stdatomic.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

typedef struct {
    unsigned int features;
    int family, model;
    char vendor[13];
} cpu_info;

static unsigned long long read_xcr0(void) {
    unsigned int eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}

static cpu_info detect(void) {
    cpu_info info = {0, -1, -1, ""};
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(0, &eax, &ebx, &ecx, &edx)) return info;
    unsigned int max_leaf = eax;
    memcpy(info.vendor, &ebx, 4);
    memcpy(info.vendor + 4, &edx, 4);
    memcpy(info.vendor + 8, &ecx, 4);
    info.vendor[12] = 0;

    __cpuid(1, eax, ebx, ecx, edx);
    unsigned int base_family = (eax >> 8) & 0xf, base_model = (eax >> 4) & 0xf;
    info.family = (int)(base_family == 0xf ? base_family + ((eax >> 20) & 0xff) : base_family);
    info.model = (int)((base_family == 0x6 || base_family == 0xf) ? (((eax >> 16) & 0xf) << 4) + base_model : base_model);
    int osxsave = (ecx >> 27) & 1;
    unsigned long long xcr0 = osxsave ? read_xcr0() : 0;
    int ymm = (xcr0 & 0x6) == 0x6;             // SSE and AVX state
    int zmm = ymm && (xcr0 & 0xe0) == 0xe0;    // opmask, ZMM_Hi256, Hi16_ZMM
    int tiles = (xcr0 & 0x60000) == 0x60000;   // XTILECFG, XTILEDATA
    unsigned int features = 0;
    if (ymm && ((ecx >> 12) & 1)) features |= QCPU_FMA;
    if (ymm && ((ecx >> 29) & 1)) features |= QCPU_F16C;

    if (max_leaf >= 7) {
        __cpuid_count(7, 0, eax, ebx, ecx, edx);
        if (ymm && ((ebx >> 5) & 1)) features |= QCPU_AVX2;
        if (zmm) {
            if ((ebx >> 16) & 1) features |= QCPU_AVX512F;
            if ((ebx >> 17) & 1) features |= QCPU_AVX512DQ;
            if ((ebx >> 30) & 1) features |= QCPU_AVX512BW;
            if ((ebx >> 31) & 1) features |= QCPU_AVX512VL;
            if ((ecx >> 11) & 1) features |= QCPU_AVX512VNNI;
            if ((edx >> 23) & 1) features |= QCPU_AVX512FP16;
        }
        if (tiles) {
            if ((edx >> 24) & 1) features |= QCPU_AMX_TILE;
            if ((edx >> 25) & 1) features |= QCPU_AMX_INT8;
            if ((edx >> 22) & 1) features |= QCPU_AMX_BF16;
        }
        unsigned int sub_leaves = eax;
        if (sub_leaves >= 1) {
            __cpuid_count(7, 1, eax, ebx, ecx, edx);
            if (ymm && ((eax >> 4) & 1)) features |= QCPU_AVXVNNI;
            if (zmm && ((eax >> 5) & 1)) features |= QCPU_AVX512BF16;
        }
    }
    info.features = features;
    return info;
}
#else
typedef struct {
    unsigned int features;
    int family, model;
    char vendor[13];
} cpu_info;

static cpu_info detect(void) {
    cpu_info info = {0, -1, -1, ""};
    return info;
}
#endif

static cpu_info detected;
static atomic_int state = 0;  // 0 unread, 1 being read, 2 ready

static const cpu_info *info(void) {
    if (atomic_load_explicit(&state, memory_order_acquire) == 2) return &detected;
    int expected = 0;
    if (atomic_compare_exchange_strong(&state, &expected, 1)) {
        detected = detect();
        atomic_store_explicit(&state, 2, memory_order_release);
    } else {
        while (atomic_load_explicit(&state, memory_order_acquire) != 2) {
        }
    }
    return &detected;
}

unsigned int qcpu_features(void) { return info()->features; }

int qcpu_has(unsigned int mask) { return (info()->features & mask) == mask; }

const char *qcpu_vendor(void) { return info()->vendor; }

int qcpu_family(void) { return info()->family; }

int qcpu_model(void) { return info()->model; }
