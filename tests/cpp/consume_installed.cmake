# Installs the build tree into PREFIX, then configures, builds and runs
# examples/cpp/find_package against it, as a C++ user would.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}")
  endif()
endfunction()

file(REMOVE_RECURSE ${PREFIX} ${BUILD_DIR}/consumer-build)
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX} --component dev)
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/cpp/find_package -B ${BUILD_DIR}/consumer-build
    -G ${GENERATOR} -DCMAKE_BUILD_TYPE=${BUILD_TYPE} -DCMAKE_PREFIX_PATH=${PREFIX})
run(${CMAKE_COMMAND} --build ${BUILD_DIR}/consumer-build)
run(${BUILD_DIR}/consumer-build/newsnlp_example)
