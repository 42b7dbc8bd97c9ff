# Debian packages, built with `make package` (or `cpack -G DEB` in the build folder):
#   ventanilla          the terminal, its translations, the kiosk session unit (cage on tty1),
#                       example configurations, log rotation
#   ventanilla-central  the central server, the procedure forms it serves, its unit, log rotation
# Each declares the Debian packages it needs: the shared libraries found by dpkg-shlibdeps,
# and by hand what no library link shows (the font, the compositor).
# The programs find their data in <prefix>/share/ventanilla beside their binary
# (kiosk/install_layout.h), so the packages install into /usr and also run unpacked anywhere.
include(GNUInstallDirs)

# `make package` and `make install` take the two programs as they are built, without building
# every test and benchmark first (the top-level `make package` builds the programs).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(VENTANILLA_SYSTEMD_DIR lib/systemd/system)  # under the /usr prefix: merged /usr in Debian 12

# The terminal.
install(TARGETS ventanilla RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT terminal)
install(DIRECTORY assets/i18n DESTINATION ${CMAKE_INSTALL_DATADIR}/ventanilla/assets COMPONENT terminal)
install(FILES config/kiosk.example.json config/counter.example.json config/display.example.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/ventanilla/examples COMPONENT terminal)
install(FILES config/systemd/ventanilla-kiosk.service DESTINATION ${VENTANILLA_SYSTEMD_DIR} COMPONENT terminal)
install(FILES config/system/ventanilla.sysusers DESTINATION lib/sysusers.d RENAME ventanilla.conf COMPONENT terminal)
install(FILES config/system/ventanilla.tmpfiles DESTINATION lib/tmpfiles.d RENAME ventanilla.conf COMPONENT terminal)
install(FILES config/system/ventanilla.logrotate DESTINATION /etc/logrotate.d RENAME ventanilla COMPONENT terminal)
install(FILES config/system/ventanilla.default DESTINATION /etc/default RENAME ventanilla COMPONENT terminal)
install(FILES docs/installation.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/ventanilla COMPONENT terminal)

# The central server.
install(TARGETS ventanilla-central RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT central)
install(DIRECTORY assets/forms DESTINATION ${CMAKE_INSTALL_DATADIR}/ventanilla/assets COMPONENT central)
install(FILES config/systemd/ventanilla-central.service DESTINATION ${VENTANILLA_SYSTEMD_DIR} COMPONENT central)
install(FILES config/system/ventanilla-central.logrotate DESTINATION /etc/logrotate.d RENAME ventanilla-central
        COMPONENT central)
install(FILES config/system/ventanilla-central.default DESTINATION /etc/default RENAME ventanilla-central
        COMPONENT central)
install(FILES docs/installation.md docs/deployment.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/ventanilla-central
        COMPONENT central)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ventanilla)
set(CPACK_PACKAGE_VENDOR "Ventanilla")
set(CPACK_PACKAGE_CONTACT "Ventanilla maintainers <ventanilla@localhost>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_COMPONENTS_ALL terminal central)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # dpkg-shlibdeps (dpkg-dev) reads the binaries' links
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_TERMINAL_PACKAGE_NAME ventanilla)
set(CPACK_COMPONENT_TERMINAL_DESCRIPTION
    "Ventanilla self-service terminal for post offices and government counters\n\
The touchscreen program of a kiosk, a counter or a waiting-hall display: parcel\n\
tracking, queue tickets, procedure forms and printed receipts, synchronised with\n\
ventanilla-central and working offline. Runs full screen in a cage kiosk session.")
# The font every screen is drawn with; cage and Xwayland for the kiosk session (the terminal
# is a GLFW/X11 program); systemd for the session unit, its user and folders.
set(CPACK_DEBIAN_TERMINAL_PACKAGE_DEPENDS "fonts-dejavu-core, cage, xwayland, systemd")
set(CPACK_DEBIAN_TERMINAL_PACKAGE_RECOMMENDS "cups-daemon, logrotate")
set(CPACK_DEBIAN_TERMINAL_PACKAGE_CONTROL_EXTRA
    "${CMAKE_SOURCE_DIR}/config/debian/terminal/postinst;${CMAKE_SOURCE_DIR}/config/debian/terminal/prerm;\
${CMAKE_SOURCE_DIR}/config/debian/terminal/postrm;${CMAKE_SOURCE_DIR}/config/debian/terminal/conffiles")

set(CPACK_DEBIAN_CENTRAL_PACKAGE_NAME ventanilla-central)
set(CPACK_COMPONENT_CENTRAL_DESCRIPTION
    "Ventanilla central server\n\
The HTTP API the Ventanilla terminals of an office or a country synchronise with:\n\
catalog, tracking, queue tickets, procedure forms and submissions, on SQLite for one\n\
office or PostgreSQL for a fleet.")
set(CPACK_DEBIAN_CENTRAL_PACKAGE_DEPENDS "systemd")
set(CPACK_DEBIAN_CENTRAL_PACKAGE_RECOMMENDS "logrotate")
set(CPACK_DEBIAN_CENTRAL_PACKAGE_SUGGESTS "postgresql")
set(CPACK_DEBIAN_CENTRAL_PACKAGE_CONTROL_EXTRA
    "${CMAKE_SOURCE_DIR}/config/debian/central/postinst;${CMAKE_SOURCE_DIR}/config/debian/central/prerm;\
${CMAKE_SOURCE_DIR}/config/debian/central/postrm;${CMAKE_SOURCE_DIR}/config/debian/central/conffiles")

include(CPack)
