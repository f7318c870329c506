# Warnings every target of ours gets; CI turns them into errors (INGRESS_WERROR).
add_library(ingress_warnings INTERFACE)
target_compile_options(ingress_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
    -Wimplicit-fallthrough)
if(INGRESS_WERROR)
    target_compile_options(ingress_warnings INTERFACE -Werror)
endif()
target_compile_definitions(ingress_warnings INTERFACE
    QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING QT_NO_CAST_FROM_BYTEARRAY
    QT_STRICT_ITERATORS QT_NO_KEYWORDS)
