# Man pages: help2man runs each program's --help, adding the sections in
# docs/PROGRAM.h2m (name line, environment, examples), so a page never
# disagrees with the program it documents. The page's footer names the
# project version alone: --version's commit and Xapian version would not fit.
if(NOT CQC_MAN_PAGES)
  return()
endif()
find_program(HELP2MAN help2man)
find_program(GZIP gzip)
if(NOT HELP2MAN OR NOT GZIP)
  message(FATAL_ERROR "help2man and gzip are needed for the man pages: install them "
    "(scripts/setup does) or configure with -DCQC_MAN_PAGES=OFF")
endif()
set(CQC_MAN_PAGES_BUILT "")
foreach(program cqc-index cqc-search)
  set(page ${PROJECT_BINARY_DIR}/man/${program}.1)
  set(include ${PROJECT_SOURCE_DIR}/docs/${program}.h2m)
  add_custom_command(OUTPUT ${page}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
    COMMAND ${CMAKE_COMMAND} -E env LC_ALL=C.UTF-8
      ${HELP2MAN} --no-info --include=${include} --output=${page}
      --version-string=${PROJECT_VERSION} $<TARGET_FILE:${program}>
    COMMAND ${GZIP} -9 -n -f ${page}
    DEPENDS ${program} ${include}
    COMMENT "Generating man page ${program}.1"
    VERBATIM)
  list(APPEND CQC_MAN_PAGES_BUILT ${page}.gz)
endforeach()
add_custom_target(man ALL DEPENDS ${CQC_MAN_PAGES_BUILT})
install(FILES ${CQC_MAN_PAGES_BUILT} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
