# Install layout and CPack settings. The Debian packages themselves are built out in the
# packaging issue; this file already puts files where Debian expects them.
include(GNUInstallDirs)

install(DIRECTORY ${OSM_SOURCE_ASSETS_DIR}/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/osaamissilta
        COMPONENT common)
