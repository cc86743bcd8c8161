// Threads kept between parallel loops: a fit runs about seven of them (counting, the
// vocabulary's phases, the matrix), and starting a thread costs 15-40 us. Waiting ones
// spin for kSpin before they sleep. Threads that wait longer than kIdleExit end, so a
// process that has finished its work (and may fork) is left with its own threads only.
#pragma once

#include <chrono>
#include <functional>

namespace newsnlp::detail {

inline constexpr std::chrono::milliseconds kIdleExit{100};
// How long a thread spins before it sleeps, waiting for the next loop or for the others
// to finish: a sleeping thread took 40 us on average to start a fit's next loop here (up
// to 1 ms; this is a virtual machine), and 1 ms of spinning made SaudiNewsNet's fit at 2
// threads 0.4-0.6 ms faster from Python (longer than any serial step between the loops).
inline constexpr std::chrono::microseconds kSpin{1000};

// Calls work(w) once for every w in [0, threads): w = 0 on the calling thread, the others
// on kept threads, or on new ones when the kept threads are busy with another caller's
// loop (or this is called from inside one). Returns when every call has returned. `work`
// must not throw. A worker that cannot be started is run on the caller after work(0):
// callers that share their items out dynamically lose nothing but speed.
void run_on_threads(unsigned threads, const std::function<void(unsigned)>& work);

}  // namespace newsnlp::detail
