/// @file Buffered reading of one input (plain file, gzip file or standard input) by lines or whole.
#pragma once

#include <zlib.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace peerscope::indexer::detail {

/// One open input. gzip data is recognised by its magic bytes (not the file name) and
/// decompressed on the fly; anything else is read as is. Not thread-safe; one per reader call.
class InputStream final {
  public:
    /// Opens @p path; "-" is standard input. @p display_name names the input in messages and
    /// origins. Throws indexer::Error(Errc::Io) when the input cannot be opened or is a directory.
    InputStream(const std::string& path, std::string display_name);
    ~InputStream();
    InputStream(const InputStream&) = delete;
    InputStream& operator=(const InputStream&) = delete;
    InputStream(InputStream&&) = delete;
    InputStream& operator=(InputStream&&) = delete;

    /// The first @p max_bytes of the (decompressed) input, without consuming them; shorter at EOF.
    [[nodiscard]] std::string_view head(std::size_t max_bytes = 64 * 1024);

    /// Next line without its line terminator ("\n" or "\r\n"). The view stays valid until the next
    /// call. Returns false at the end of the input (or on a read error; see error()).
    bool next_line(std::string_view& line);

    /// 1-based number of the line last returned by next_line().
    [[nodiscard]] std::size_t line_number() const noexcept { return line_; }

    /// Everything not yet consumed, to the end of the input.
    [[nodiscard]] std::string read_rest();

    /// The name used in messages: the path, or the display name given for "-".
    [[nodiscard]] const std::string& name() const noexcept { return name_; }

    /// Why reading stopped early ("unexpected end of gzip data", an I/O error), or empty when
    /// the input was read to its end.
    [[nodiscard]] const std::string& error() const noexcept { return error_; }

  private:
    /// Appends the next chunk to buf_; false at the end of the input or on error.
    bool fill();
    void compact();

    gzFile file_ = nullptr;
    std::string name_;
    std::string buf_;
    std::size_t pos_ = 0; ///< first unconsumed byte in buf_
    std::size_t line_ = 0;
    bool eof_ = false;
    std::string error_;
};

} // namespace peerscope::indexer::detail
