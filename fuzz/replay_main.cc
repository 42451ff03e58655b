// A main for the fuzz targets without libFuzzer: feeds every file of the
// folders given to LLVMFuzzerTestOneInput, once each, in name order. The
// normal ctest run replays fuzz/corpus/TARGET/ (inputs that once crashed)
// with it, so a regression fails every build, not only the sanitizer job.
// Exit 0 when every input went through, 2 for a bad command line or a folder
// with no input (a replay of nothing proves nothing); a crash is the
// target's own abort.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: " << argv[0] << " FOLDER...\n";
        return 2;
    }
    if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; ++i) {
        std::vector<std::filesystem::path> inputs;
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(argv[i], ec))
            if (entry.is_regular_file()) inputs.push_back(entry.path());
        if (ec || inputs.empty()) {
            std::cerr << argv[0] << ": no input in '" << argv[i] << "'"
                      << (ec ? ": " + ec.message() : std::string()) << "\n";
            return 2;
        }
        std::sort(inputs.begin(), inputs.end());
        for (const auto& path : inputs) {
            std::ifstream in(path, std::ios::binary);
            std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        }
        std::cout << "replayed " << inputs.size() << " inputs of " << argv[i] << "\n";
    }
    return 0;
}
