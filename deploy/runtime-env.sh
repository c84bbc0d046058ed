# The environment and JVM flags every Sparsight JVM runs with: sourced by ./sparsight and deploy/local-cluster.sh
# (the Maven test plugins set the same variables in pom.xml). Values already exported are kept.

# DJL never downloads anything and never reports usage.
export DJL_OFFLINE=true
export OPT_OUT_TRACKING=true
# libtorch's oneDNN AVX-512 convolution backward returns NaN gradients on some AMD EPYC CPUs (seen on this
# machine's); AVX2 kernels are correct. Override by exporting ONEDNN_MAX_CPU_ISA yourself.
export ONEDNN_MAX_CPU_ISA="${ONEDNN_MAX_CPU_ISA:-AVX2}"
# libtorch allocates and frees tensors of a few MB per operation; glibc hands those to mmap and back, and every
# fresh page then faults. Keeping them on the heap made model inference 3x faster here (docs/benchmarks.md).
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-33554432}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-4294967296}"
# Those settings hold only for glibc's main arena. A JVM thread is no process main thread, so glibc may give it an
# arena of its own whose heaps are unmapped as soon as they empty: then the same page faults return, in some runs
# and not others (a dense 3D window: 20 ms or 200 ms). One arena keeps every thread on the main heap.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
# Buffers over 32 MiB (the DiT's attention scores in training) are beyond what that threshold can keep on the heap,
# and every 4 KiB page of each one faulted anew (68k faults a second, 40% of the CPU in the kernel). glibc's
# hugetlb tunable puts malloc's memory on transparent huge pages: training the diffusion model went from about
# 10.7 s to about 2.7 s a step here. Ignored by a glibc older than 2.35.
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.hugetlb=1}"

# Flink's JVM options on Java 17+ (flink-dist's defaults), and DJL offline once more as a system property.
SPARSIGHT_JVM_FLAGS=(-Dai.djl.offline=true
  --add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED)
for package in java.lang java.net java.io java.nio sun.nio.ch java.lang.reflect java.text java.time java.util \
    java.util.concurrent java.util.concurrent.atomic java.util.concurrent.locks; do
  SPARSIGHT_JVM_FLAGS+=("--add-opens=java.base/$package=ALL-UNNAMED")
done
unset package
