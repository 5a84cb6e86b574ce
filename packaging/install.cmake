# Install layout and the two Debian packages (CPack DEB, one package per component):
#   osaamissilta-server: /usr/bin/osaamissilta-server, assets in /usr/share/osaamissilta/server,
#     /etc/osaamissilta/server.ini (conffile), the systemd unit, data in /var/lib/osaamissilta;
#   osaamissilta-kiosk: /usr/bin/osaamissilta-kiosk, assets in /usr/share/osaamissilta/kiosk,
#     /etc/osaamissilta/kiosk.conf (conffile), the kiosk session (cage) unit and launcher.
# Library dependencies are computed by dpkg-shlibdeps; `./dev.sh package` builds both.
include(GNUInstallDirs)

set(OSM_PKG_DIR ${CMAKE_CURRENT_LIST_DIR})
set(OSM_SYSCONF_DIR "${CMAKE_INSTALL_FULL_SYSCONFDIR}/osaamissilta")
set(OSM_UNIT_DIR "${CMAKE_INSTALL_PREFIX}/lib/systemd/system")

# Man pages, compressed as Debian wants them.
set(osm_man_pages "")
foreach(page osaamissilta-server osaamissilta-kiosk)
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/man/${page}.1.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
    COMMAND gzip -9n -c ${OSM_PKG_DIR}/man/${page}.1 > ${CMAKE_BINARY_DIR}/man/${page}.1.gz
    DEPENDS ${OSM_PKG_DIR}/man/${page}.1 VERBATIM)
  list(APPEND osm_man_pages ${CMAKE_BINARY_DIR}/man/${page}.1.gz)
endforeach()
add_custom_target(osm_man_pages ALL DEPENDS ${osm_man_pages})

# --- the server --------------------------------------------------------------------------------
install(TARGETS osaamissilta-server RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT server)
install(DIRECTORY ${OSM_SOURCE_ASSETS_DIR}/catalog ${OSM_SOURCE_ASSETS_DIR}/demo
        DESTINATION ${CMAKE_INSTALL_DATADIR}/osaamissilta/server COMPONENT server)
# The web pages' texts (leaders' and HR's pages); the kiosk's own texts stay in its package.
install(DIRECTORY ${OSM_SOURCE_ASSETS_DIR}/i18n/web
        DESTINATION ${CMAKE_INSTALL_DATADIR}/osaamissilta/server/i18n COMPONENT server)
# The leaders' pages' one script (the forms' autosave), served from the server's own origin.
install(DIRECTORY ${OSM_SOURCE_ASSETS_DIR}/web DESTINATION ${CMAKE_INSTALL_DATADIR}/osaamissilta/server COMPONENT server)
install(FILES ${OSM_PKG_DIR}/server/server.ini DESTINATION ${OSM_SYSCONF_DIR} COMPONENT server)
install(FILES ${OSM_PKG_DIR}/server/osaamissilta-server.service DESTINATION ${OSM_UNIT_DIR} COMPONENT server)
install(FILES ${CMAKE_BINARY_DIR}/man/osaamissilta-server.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT server)
# The product explains itself to a city's IT: the model as implemented, the decisions, operations, protocol.
install(FILES ${PROJECT_SOURCE_DIR}/docs/operations.md ${PROJECT_SOURCE_DIR}/docs/protocol.md
              ${PROJECT_SOURCE_DIR}/docs/model.md ${PROJECT_SOURCE_DIR}/docs/decisions.md
              ${PROJECT_SOURCE_DIR}/docs/security.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/osaamissilta-server COMPONENT server)
install(FILES ${OSM_PKG_DIR}/server/nginx-osaamissilta.conf
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/osaamissilta-server/examples COMPONENT server)

# --- the kiosk ---------------------------------------------------------------------------------
if(OSM_BUILD_KIOSK)
  install(TARGETS osaamissilta-kiosk RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT kiosk)
  install(DIRECTORY ${OSM_SOURCE_ASSETS_DIR}/catalog ${OSM_SOURCE_ASSETS_DIR}/i18n ${OSM_SOURCE_ASSETS_DIR}/demo
          DESTINATION ${CMAKE_INSTALL_DATADIR}/osaamissilta/kiosk COMPONENT kiosk)
  install(FILES ${OSM_PKG_DIR}/kiosk/kiosk.conf DESTINATION ${OSM_SYSCONF_DIR} COMPONENT kiosk)
  install(FILES ${OSM_PKG_DIR}/kiosk/osaamissilta-kiosk.service DESTINATION ${OSM_UNIT_DIR} COMPONENT kiosk)
  install(PROGRAMS ${OSM_PKG_DIR}/kiosk/osaamissilta-kiosk-session DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/osaamissilta
          COMPONENT kiosk)
  install(FILES ${CMAKE_BINARY_DIR}/man/osaamissilta-kiosk.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT kiosk)
endif()

# --- CPack -------------------------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME osaamissilta)
set(CPACK_PACKAGE_VERSION "${OSM_VERSION}")
set(CPACK_PACKAGE_VENDOR "Osaamissilta")
set(CPACK_PACKAGE_CONTACT "Osaamissilta operators <osaamissilta@example.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL server)
if(OSM_BUILD_KIOSK)
  list(APPEND CPACK_COMPONENTS_ALL kiosk)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME osaamissilta-server)
set(CPACK_COMPONENT_SERVER_DESCRIPTION "Osaamissilta sync server and HR tools
The sync server of the Osaamissilta kiosks (signed sync protocol over HTTP/TLS, SQLite
storage, submissions sealed at rest), HR's web pages, and the operators' command line:
roster import, catalogue publishing, kiosk enrolment and revocation, backup and restore.")
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_SERVER_PACKAGE_SUGGESTS "nginx")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    "${OSM_PKG_DIR}/server/conffiles;${OSM_PKG_DIR}/server/postinst;${OSM_PKG_DIR}/server/prerm;${OSM_PKG_DIR}/server/postrm")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME osaamissilta-kiosk)
set(CPACK_COMPONENT_KIOSK_DESCRIPTION "Osaamissilta kiosk for shared terminals
The touch-screen kiosk where staff without a computer of their own fill in their development
discussion forms, offline and encrypted, synchronised with the Osaamissilta server. Includes
a locked-down full-screen session (cage) for the terminal.")
# The font is read from its file at run time, so dpkg-shlibdeps cannot see it.
# The TPM's TCTI modules are loaded by name at run time (dpkg-shlibdeps cannot see them), and
# tpm-udev gives /dev/tpmrm0 to the tss group.
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS "fonts-noto-core, adduser, libtss2-tcti-device0, tpm-udev")
set(CPACK_DEBIAN_KIOSK_PACKAGE_RECOMMENDS "cage, xwayland")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
    "${OSM_PKG_DIR}/kiosk/conffiles;${OSM_PKG_DIR}/kiosk/postinst;${OSM_PKG_DIR}/kiosk/prerm;${OSM_PKG_DIR}/kiosk/postrm")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
