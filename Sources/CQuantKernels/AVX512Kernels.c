// The AVX-512 paths of the quantised matrix-vector kernels: one copy of AVX512KernelBody.h
// with VNNI (vpdpbusd) and one with AVX-512BW alone. Each function carries its own target
// attribute, so this file is safe to link anywhere; CQuantKernels.c calls these only when
// CCPUDispatch reports the features.
#include "QuantKernelPaths.h"

#if defined(__x86_64__)
#include <string.h>

#define PATH_SUFFIX avx512vnni
#define PATH_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")))
#define PATH_VNNI 1
#include "AVX512KernelBody.h"
#undef PATH_SUFFIX
#undef PATH_TARGET
#undef PATH_VNNI

#define PATH_SUFFIX avx512bw
#define PATH_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx2,fma,f16c")))
#define PATH_VNNI 0
#include "AVX512KernelBody.h"
#undef PATH_SUFFIX
#undef PATH_TARGET
#undef PATH_VNNI
#endif
