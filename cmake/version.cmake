# --version names the project version and the git commit the programs were
# built from. The commit is read at build time, not at configure time, so a
# rebuild after a commit reports the new one; the header is rewritten only
# when its text changes, so an unchanged commit recompiles nothing.
set(CQC_GENERATED_DIR ${PROJECT_BINARY_DIR}/generated)
add_custom_target(cqc_version_header
  COMMAND ${CMAKE_COMMAND}
    -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
    -DVERSION=${PROJECT_VERSION}
    -DTEMPLATE=${PROJECT_SOURCE_DIR}/cmake/version.hh.in
    -DOUTPUT=${CQC_GENERATED_DIR}/version.hh
    -P ${PROJECT_SOURCE_DIR}/cmake/write-version.cmake
  BYPRODUCTS ${CQC_GENERATED_DIR}/version.hh
  VERBATIM)
# Programs that print their version link this.
add_library(cqc_version INTERFACE)
target_include_directories(cqc_version INTERFACE ${CQC_GENERATED_DIR})
add_dependencies(cqc_version cqc_version_header)
