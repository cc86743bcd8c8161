# NEWSNLP_BUILD_FUZZERS: libFuzzer targets in tests/fuzz (clang only); they imply
# NEWSNLP_SANITIZE=address,undefined unless it is set, and add libFuzzer's coverage
# instrumentation to the library.
#
# NEWSNLP_SANITIZE: a comma-separated list of sanitizers ("address,undefined", "thread")
# built into everything this project compiles: the library, the C++ tests, the Python
# module and the fuzzers. Set per directory (add_compile_options/add_link_options), so it
# never leaks into a parent project's targets; empty (the default) changes nothing.
# A Python module built this way runs under an uninstrumented python with the runtime
# preloaded: scripts/sanitize.sh shows how (LD_PRELOAD of libasan and libstdc++).
set(NEWSNLP_SANITIZE "" CACHE STRING
  "Sanitizers to build with, e.g. address,undefined or thread (empty: none)")

option(NEWSNLP_BUILD_FUZZERS "libFuzzer targets in tests/fuzz (needs clang)" OFF)
if(NEWSNLP_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "NEWSNLP_BUILD_FUZZERS needs clang (libFuzzer): "
      "configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  if(NOT NEWSNLP_SANITIZE)
    set(NEWSNLP_SANITIZE "address,undefined" CACHE STRING "" FORCE)
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(NEWSNLP_SANITIZE)
  string(REPLACE "," ";" _newsnlp_sanitizers "${NEWSNLP_SANITIZE}")
  foreach(_s IN LISTS _newsnlp_sanitizers)
    if(NOT _s MATCHES "^(address|undefined|thread|leak)$")
      message(FATAL_ERROR "NEWSNLP_SANITIZE: unknown sanitizer '${_s}' "
        "(accepted: address, undefined, thread, leak, comma-separated)")
    endif()
  endforeach()
  if("thread" IN_LIST _newsnlp_sanitizers AND "address" IN_LIST _newsnlp_sanitizers)
    message(FATAL_ERROR "NEWSNLP_SANITIZE: thread and address cannot be combined")
  endif()
  set(_newsnlp_flags -fsanitize=${NEWSNLP_SANITIZE} -fno-omit-frame-pointer -g)
  if("undefined" IN_LIST _newsnlp_sanitizers)
    # A UBSan finding fails the run instead of printing and going on.
    list(APPEND _newsnlp_flags -fno-sanitize-recover=undefined)
  endif()
  add_compile_options(${_newsnlp_flags})
  add_link_options(${_newsnlp_flags})
  message(STATUS "newsnlp: building with -fsanitize=${NEWSNLP_SANITIZE}")
endif()
