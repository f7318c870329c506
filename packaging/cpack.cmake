# CPack: one setup for every package. Linux (built here): DEB, RPM and TGZ. Windows (NSIS and
# WiX, Qt deployed by windeployqt) and macOS (a DragNDrop disk image, macdeployqt) are written
# for their own build machines (docs/packaging.md); they cannot be built on this one.

set(CPACK_PACKAGE_NAME ingress-studio)
set(CPACK_PACKAGE_VENDOR "Ingress Studio")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "design, run and export ingress topologies")
# Lines under 80 columns: Debian shows the description as written.
set(CPACK_PACKAGE_DESCRIPTION "\
Ingress Studio is a desktop application for people who run web services
behind an ingress. Design listeners, name-based virtual hosts, path routes,
services with endpoints and load balancing, and TLS certificates on a
topology canvas with undo and live validation; run the design at once on an
embedded reverse proxy (HTTP/1.1, TLS with SNI) with live traffic charts;
export it to Kubernetes (Ingress, Service, Secret, Gateway API), nginx,
HAProxy, Caddy and Traefik, and import Kubernetes manifests.
.
The ingress-studio-cli command validates, explains, serves, imports and
exports the same project files without a display.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Ingress Studio")
set(CPACK_PACKAGE_EXECUTABLES ingress-studio "Ingress Studio")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_CHECKSUM SHA256)
if(NOT CPACK_GENERATOR)
    set(CPACK_GENERATOR DEB RPM TGZ)
endif()
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build.*/" "/out/" "/\\\\.cache/" "/node_modules/")

# Debian: Depends from dpkg-shlibdeps (Qt, OpenSSL, yaml-cpp, QtKeychain); the keychain and the
# real proxies the exports are for are recommended or suggested, not needed to run.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nginx, haproxy, caddy")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# RPM: Requires from rpm's own dependency scan. The folders other packages own (filesystem,
# hicolor-icon-theme, bash-completion, zsh) are left out of ours so that they do not conflict.
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_LICENSE Apache-2.0)
set(CPACK_RPM_PACKAGE_GROUP "Applications/Internet")
set(CPACK_RPM_PACKAGE_URL ${PROJECT_HOMEPAGE_URL})
set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/share/applications /usr/share/metainfo /usr/share/mime /usr/share/mime/packages
    /usr/share/man /usr/share/man/man1 /usr/share/doc /usr/share/bash-completion
    /usr/share/bash-completion/completions /usr/share/zsh /usr/share/zsh/vendor-completions
    /usr/share/icons /usr/share/icons/hicolor /usr/share/icons/hicolor/scalable
    /usr/share/icons/hicolor/scalable/apps)
foreach(size 16 22 24 32 48 64 128 256 512)
    list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
         /usr/share/icons/hicolor/${size}x${size} /usr/share/icons/hicolor/${size}x${size}/apps)
endforeach()

# The tarball unpacks to one folder (bin/, share/) that runs where it is put: the GUI finds its
# example through ../share from its own folder.
# (DEB and RPM name their files by their own conventions: DEB-DEFAULT, RPM-DEFAULT.)
set(CPACK_PACKAGE_FILE_NAME "${CPACK_PACKAGE_NAME}-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}")

if(WIN32 OR APPLE)
    # windeployqt / macdeployqt copy Qt's libraries and plugins next to the programs at install
    # time (Qt 6.4's signature; OUTPUT_SCRIPT came with 6.5).
    qt_generate_deploy_app_script(TARGET ingress-studio FILENAME_VARIABLE deploy_script
                                  NO_UNSUPPORTED_PLATFORM_ERROR)
    install(SCRIPT ${deploy_script})
endif()

if(WIN32)
    set(CPACK_GENERATOR NSIS WIX)
    set(CPACK_PACKAGE_ICON ${PROJECT_SOURCE_DIR}/packaging/windows/ingress-studio.ico)
    set(CPACK_NSIS_MUI_ICON ${CPACK_PACKAGE_ICON})
    set(CPACK_NSIS_MUI_UNIICON ${CPACK_PACKAGE_ICON})
    set(CPACK_NSIS_INSTALLED_ICON_NAME bin\\\\ingress-studio.exe)
    set(CPACK_NSIS_DISPLAY_NAME "Ingress Studio ${PROJECT_VERSION}")
    set(CPACK_NSIS_PACKAGE_NAME "Ingress Studio")
    set(CPACK_NSIS_URL_INFO_ABOUT ${PROJECT_HOMEPAGE_URL})
    set(CPACK_NSIS_CONTACT "maintainers@ingress-studio.invalid")
    set(CPACK_NSIS_MODIFY_PATH ON) # offers to put ingress-studio-cli on PATH
    set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
    set(CPACK_NSIS_EXECUTABLES_DIRECTORY bin)
    set(CPACK_NSIS_MENU_LINKS "share/doc/ingress-studio" "Documentation")
    # WiX: a fixed upgrade code makes a newer .msi replace an older one instead of sitting beside it.
    set(CPACK_WIX_UPGRADE_GUID 6D3C2A51-4E8B-4B0F-9A7C-2F1E5D8C4B90)
    set(CPACK_WIX_PRODUCT_ICON ${CPACK_PACKAGE_ICON})
    set(CPACK_WIX_PROGRAM_MENU_FOLDER "Ingress Studio")
    set(CPACK_WIX_PROPERTY_ARPURLINFOABOUT ${PROJECT_HOMEPAGE_URL})
elseif(APPLE)
    set(CPACK_GENERATOR DragNDrop)
    set(CPACK_DMG_VOLUME_NAME "Ingress Studio ${PROJECT_VERSION}")
    set(CPACK_DMG_FORMAT UDZO)
    set(CPACK_BUNDLE_NAME "Ingress Studio")
endif()

include(CPack)
