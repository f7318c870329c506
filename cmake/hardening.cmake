# The hardening Debian builds its packages with (dpkg-buildflags' "hardening=+all"), for the
# optimised builds that packages come from. Debug and sanitizer builds go without: fortified
# functions need optimisation, and the sanitizers bring their own checks.
option(INGRESS_HARDENING "Build with the compiler's and linker's hardening options" ON)
if(INGRESS_HARDENING AND NOT CMAKE_CXX_FLAGS MATCHES "-fsanitize")
    set(optimised "$<NOT:$<CONFIG:Debug>>")
    add_compile_options(
        "$<${optimised}:-U_FORTIFY_SOURCE;-D_FORTIFY_SOURCE=2>"
        -fstack-protector-strong -fstack-clash-protection -fcf-protection)
    add_link_options(-Wl,-z,relro -Wl,-z,now)
    set(CMAKE_POSITION_INDEPENDENT_CODE ON)
endif()
