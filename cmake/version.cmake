# The release, set once: the version is project(VERSION) in the top CMakeLists.txt and the
# date is INGRESS_RELEASE_DATE beside it. Everything that shows either reads it from here:
# `--version` and the About box (generated ingress/version.h), the packages (CPack), the
# AppStream metainfo, the man pages and the Debian changelog (packaging/).

if(NOT INGRESS_RELEASE_DATE MATCHES "^([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9])$")
    message(FATAL_ERROR "INGRESS_RELEASE_DATE must be YYYY-MM-DD, not '${INGRESS_RELEASE_DATE}'")
endif()
# "1MM - 100" keeps CMake from reading a leading zero as anything but a decimal digit.
set(_year ${CMAKE_MATCH_1})
math(EXPR _month "1${CMAKE_MATCH_2} - 100")
math(EXPR _day "1${CMAKE_MATCH_3} - 100")

# The RFC 2822 form Debian changelogs want ("Mon, 07 Dec 2026 00:00:00 +0000"): the weekday
# by Sakamoto's method, since CMake cannot turn a given date into one.
set(_offsets 0 3 2 5 0 3 5 1 4 6 2 4)
math(EXPR _index "${_month} - 1")
list(GET _offsets ${_index} _offset)
set(_y ${_year})
if(_month LESS 3)
    math(EXPR _y "${_y} - 1")
endif()
math(EXPR _weekday "(${_y} + ${_y} / 4 - ${_y} / 100 + ${_y} / 400 + ${_offset} + ${_day}) % 7")
set(_weekdays Sun Mon Tue Wed Thu Fri Sat)
set(_months Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec)
list(GET _weekdays ${_weekday} _weekday_name)
list(GET _months ${_index} _month_name)
set(INGRESS_RELEASE_DATE_RFC2822
    "${_weekday_name}, ${CMAKE_MATCH_3} ${_month_name} ${_year} 00:00:00 +0000")
# man(7) wants the month in words ("December 2026").
set(_month_names January February March April May June July August September October
    November December)
list(GET _month_names ${_index} INGRESS_RELEASE_MONTH)
string(APPEND INGRESS_RELEASE_MONTH " ${_year}")

configure_file(${CMAKE_CURRENT_LIST_DIR}/version.h.in
               ${CMAKE_BINARY_DIR}/generated/ingress/version.h @ONLY)
add_library(ingress_version INTERFACE)
target_include_directories(ingress_version INTERFACE ${CMAKE_BINARY_DIR}/generated)
