# Run by the cqc_version_header target (cmake -P) on every build: writes
# OUTPUT from TEMPLATE with VERSION and the source tree's git description.
# Outside a git checkout (an unpacked release, or a source tree copied into
# another project's repository) the description is empty, and --version
# shows the project version alone.
set(CQC_GIT_REVISION "")
find_program(GIT git)
if(GIT)
  execute_process(COMMAND ${GIT} rev-parse --show-toplevel
    WORKING_DIRECTORY ${SOURCE_DIR}
    OUTPUT_VARIABLE top RESULT_VARIABLE failed
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT failed)
    file(REAL_PATH "${top}" top)
    file(REAL_PATH "${SOURCE_DIR}" source)
  endif()
  if(NOT failed AND top STREQUAL source)
    # --no-optional-locks: checking for local changes must not take the
    # index lock from a git command the developer is running meanwhile.
    execute_process(COMMAND ${GIT} --no-optional-locks describe --tags --always --dirty
      WORKING_DIRECTORY ${SOURCE_DIR}
      OUTPUT_VARIABLE described RESULT_VARIABLE failed
      OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(NOT failed)
      # Tag names may hold characters a C++ string literal cannot.
      string(REGEX REPLACE "[^A-Za-z0-9._+/-]" "" CQC_GIT_REVISION "${described}")
    endif()
  endif()
endif()
set(CQC_VERSION "${VERSION}")
configure_file(${TEMPLATE} ${OUTPUT} @ONLY)
