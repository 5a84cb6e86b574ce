// QR encoding with libqrencode; its symbol data is one byte a module whose lowest bit is dark.
#include "qr_code.h"

#include <qrencode.h>

#include <memory>
#include <string>

namespace osm::kiosk {

Result<QrMatrix> encodeQr(std::string_view text) {
    if (text.empty() || text.find('\0') != std::string_view::npos)
        return makeError(ErrorCode::InvalidInput, "a QR code needs a text without NUL bytes");
    const std::string owned(text);
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString8bit(owned.c_str(), 0, QR_ECLEVEL_M),
                                                               &QRcode_free);
    if (!code) return makeError(ErrorCode::InvalidInput, "the text is too long for a QR code");
    const int size = code->width;
    std::vector<std::uint8_t> dark(static_cast<std::size_t>(size * size));
    for (std::size_t i = 0; i < dark.size(); ++i) dark[i] = code->data[i] & 1u;
    return QrMatrix(size, std::move(dark));
}

std::vector<std::uint8_t> qrImage(const QrMatrix& matrix, int scale) {
    const int side = (matrix.size() + 2 * kQrQuietZone) * scale;
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(side * side), 255);
    for (int y = 0; y < matrix.size(); ++y) {
        for (int x = 0; x < matrix.size(); ++x) {
            if (!matrix.dark(x, y)) continue;
            for (int py = 0; py < scale; ++py) {
                const int row = (y + kQrQuietZone) * scale + py;
                for (int px = 0; px < scale; ++px)
                    pixels[static_cast<std::size_t>(row * side + (x + kQrQuietZone) * scale + px)] = 0;
            }
        }
    }
    return pixels;
}

}  // namespace osm::kiosk
