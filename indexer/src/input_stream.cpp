#include "input_stream.hpp"

#include "peerscope/indexer/error.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace peerscope::indexer::detail {
namespace {

constexpr std::size_t kChunk = 256 * 1024;
constexpr unsigned kZlibBuffer = 256 * 1024;

std::string errno_text(int err) {
    char buf[256];
    // GNU strerror_r returns the message (maybe not in buf)
    return ::strerror_r(err, buf, sizeof buf);
}

} // namespace

InputStream::InputStream(const std::string& path, std::string display_name)
    : name_(std::move(display_name)) {
    int fd = -1;
    if (path == "-") {
        fd = ::dup(STDIN_FILENO);
        if (fd < 0) {
            throw Error(Errc::Io, "cannot read standard input: " + errno_text(errno));
        }
    } else {
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            throw Error(Errc::Io, "cannot open " + path + ": " + errno_text(errno));
        }
        struct stat st {};
        if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            ::close(fd);
            throw Error(Errc::Io, "cannot read " + path + ": it is a directory");
        }
    }
    // gzdopen reads gzip data (detected by its magic bytes) and passes anything else through.
    file_ = ::gzdopen(fd, "rb");
    if (file_ == nullptr) {
        ::close(fd);
        throw Error(Errc::Io, "cannot read " + name_ + ": out of memory");
    }
    ::gzbuffer(file_, kZlibBuffer);
}

InputStream::~InputStream() {
    if (file_ != nullptr) {
        ::gzclose(file_);
    }
}

bool InputStream::fill() {
    if (eof_) {
        return false;
    }
    const std::size_t old_size = buf_.size();
    buf_.resize(old_size + kChunk);
    const int got = ::gzread(file_, buf_.data() + old_size, static_cast<unsigned>(kChunk));
    if (got <= 0) {
        buf_.resize(old_size);
        eof_ = true;
        int code = Z_OK;
        const char* message = ::gzerror(file_, &code);
        if (got < 0 || code != Z_OK) {
            if (code == Z_BUF_ERROR) {
                error_ = "unexpected end of gzip data (truncated file)";
            } else if (code == Z_ERRNO) {
                error_ = "read error: " + errno_text(errno);
            } else {
                error_ = std::string("corrupt gzip data: ")
                         + (message != nullptr ? message : "unknown error");
            }
        }
        return false;
    }
    buf_.resize(old_size + static_cast<std::size_t>(got));
    return true;
}

void InputStream::compact() {
    if (pos_ > 0) {
        buf_.erase(0, pos_);
        pos_ = 0;
    }
}

std::string_view InputStream::head(std::size_t max_bytes) {
    while (buf_.size() - pos_ < max_bytes && fill()) {
    }
    return std::string_view(buf_).substr(pos_, max_bytes);
}

bool InputStream::next_line(std::string_view& line) {
    std::size_t scan_from = pos_;
    for (;;) {
        const void* nl = nullptr;
        if (scan_from < buf_.size()) {
            nl = std::memchr(buf_.data() + scan_from, '\n', buf_.size() - scan_from);
        }
        if (nl != nullptr) {
            const auto end = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.data());
            std::size_t len = end - pos_;
            if (len > 0 && buf_[end - 1] == '\r') {
                --len;
            }
            line = std::string_view(buf_).substr(pos_, len);
            pos_ = end + 1;
            ++line_;
            return true;
        }
        const std::size_t scanned = buf_.size() - pos_;
        // keep the partial line, drop what was consumed, then read more
        if (pos_ > kChunk) {
            compact();
        }
        if (!fill()) {
            if (buf_.size() == pos_) {
                return false;
            }
            std::size_t len = buf_.size() - pos_;
            if (buf_[pos_ + len - 1] == '\r') {
                --len;
            }
            line = std::string_view(buf_).substr(pos_, len);
            pos_ = buf_.size();
            ++line_;
            return true;
        }
        scan_from = pos_ + scanned;
    }
}

std::string InputStream::read_rest() {
    while (fill()) {
    }
    std::string rest;
    if (pos_ == 0) {
        rest.swap(buf_);
    } else {
        rest.assign(buf_, pos_, std::string::npos);
        buf_.clear();
    }
    pos_ = 0;
    return rest;
}

} // namespace peerscope::indexer::detail
