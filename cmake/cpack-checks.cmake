# Read by cpack for each generator (CPACK_PROJECT_CONFIG_FILE).
if(CPACK_GENERATOR STREQUAL "DEB")
  find_program(CQC_DPKG_SHLIBDEPS dpkg-shlibdeps)
  if(NOT CQC_DPKG_SHLIBDEPS)
    message(FATAL_ERROR "cpack: dpkg-shlibdeps (Debian package dpkg-dev) is needed to "
      "list the package's dependencies; install it (scripts/setup does)")
  endif()
endif()
