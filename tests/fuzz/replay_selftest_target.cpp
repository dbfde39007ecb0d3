// A target with a planted bug, for testing the replay driver itself: it aborts on any
// input holding "boom". The driver must fail on the seed that holds it
// (fuzz_replay_selftest, WILL_FAIL) and print which input it was.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  if (s.find("boom") != std::string_view::npos) std::abort();
  return 0;
}
