# Build-time step: turns a file into a C++ source defining
#   std::string_view <NAMESPACE>::<SYMBOL>()
# so that data ships inside the binary. Run as:
#   cmake -DINPUT=... -DOUTPUT=... -DNAMESPACE=... -DSYMBOL=... -P embed_file.cmake
file(READ "${INPUT}" content HEX)
string(LENGTH "${content}" hex_length)
math(EXPR byte_count "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
file(WRITE "${OUTPUT}" "// Generated from ${INPUT}; do not edit.\n#include <string_view>\n\n"
  "namespace ${NAMESPACE} {\n\nnamespace {\nconstexpr char kData[] = {${bytes} '\\0'};\n}  // namespace\n\n"
  "std::string_view ${SYMBOL}() { return std::string_view(kData, ${byte_count}); }\n\n}  // namespace ${NAMESPACE}\n")
