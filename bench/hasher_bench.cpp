// The bare Argon2id rate that logins/s is compared with (DESIGN §7): Argon2idHasher::verify, as
// a login runs it, at the server's default parameters (m = 19 MiB, t = 2, p = 1), on 1 thread
// and on as many threads as the server lets hash at once (PORTAL_PASSWORD_HASHCONCURRENCY).
#include <benchmark/benchmark.h>

#include <string>

#include "crypto/argon2id_hasher.hpp"
#include "crypto/sodium.hpp"

namespace {

atrium::crypto::Argon2idParams params(benchmark::State& state) {
  atrium::crypto::Argon2idParams p;  // the server's defaults
  p.max_concurrent = static_cast<std::size_t>(state.threads());
  return p;
}

void BM_Argon2idVerify(benchmark::State& state) {
  static atrium::crypto::Argon2idHasher* hasher = nullptr;
  static std::string hash;
  if (state.thread_index() == 0) {
    hasher = new atrium::crypto::Argon2idHasher(params(state));
    hash = hasher->hash("bench-password-7Qx").value();
  }
  // Google Benchmark starts the timed loop of every thread together, after the setup above.
  for (auto _ : state) {
    benchmark::DoNotOptimize(hasher->verify(hash, "bench-password-7Qx"));
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    delete hasher;
    hasher = nullptr;
  }
}

}  // namespace

BENCHMARK(BM_Argon2idVerify)->Threads(1)->Threads(2)->UseRealTime()->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
  atrium::crypto::ensure_sodium();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
