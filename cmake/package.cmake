# `cpack -G DEB` in a build directory makes a Debian package of what
# `cmake --install` installs, under /usr. Its Depends are the Debian packages
# of the shared libraries the programs link (found by dpkg-shlibdeps, from
# dpkg-dev), so `apt install ./cqc-search_VERSION_ARCH.deb` brings in
# Xapian, ICU, Boost, poppler, gumbo and libmagic.
set(CQC_PACKAGE_CONTACT "cqc-search developers <cqc-search@example.org>"
  CACHE STRING "Maintainer named in the Debian package")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${PROJECT_NAME})
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${CQC_PACKAGE_CONTACT})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "full-text search over the CQC's local authority assessment reports")
set(CPACK_PACKAGE_DESCRIPTION
  "cqc-index reads the Care Quality Commission's inspection reports on English\n\
local authorities (text, PDF or saved web pages) into a Xapian database;\n\
cqc-search answers ranked, faceted queries over them on a terminal, as JSON or\n\
as CSV.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# xapian-tcpsrv serves shards to `cqc-search --remote` (docs/shards.md).
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "xapian-tools, bash-completion")
# WordNet's files give cqc-search everyday synonyms (README, "How words are
# matched"); without them it warns and matches through the thesaurus alone.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "wordnet-base")
# CPack quietly leaves Depends empty when dpkg-shlibdeps is missing; refuse.
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_SOURCE_DIR}/cmake/cpack-checks.cmake)
include(CPack)
