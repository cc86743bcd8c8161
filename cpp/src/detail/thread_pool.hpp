// Threads kept between parallel loops: a fit runs about nine of them (counting, the
// vocabulary's phases, the matrix), and starting a thread costs 15-40 us where waking a
// waiting one costs about 5. Threads that wait longer than kIdleExit end, so a process
// that has finished its work (and may fork) is left with its own threads only.
#pragma once

#include <chrono>
#include <functional>

namespace newsnlp::detail {

inline constexpr std::chrono::milliseconds kIdleExit{100};

// Calls work(w) once for every w in [0, threads): w = 0 on the calling thread, the others
// on kept threads, or on new ones when the kept threads are busy with another caller's
// loop (or this is called from inside one). Returns when every call has returned. `work`
// must not throw. A worker that cannot be started is run on the caller after work(0):
// callers that share their items out dynamically lose nothing but speed.
void run_on_threads(unsigned threads, const std::function<void(unsigned)>& work);

}  // namespace newsnlp::detail
