// The kiosk's QR codes (kiosk/app/qr_code.h): libqrencode's matrix, drawn with its quiet zone
// into a PNG, reads back with zbarimg as exactly the text encoded.
#include "qr_code.h"

#include "test_support.h"

#include <doctest/doctest.h>
#include <stb_image_write.h>

#include <string>

using namespace osm;
using namespace osm::kiosk;

namespace {

// The matrix as a PNG at `scale` pixels a module, decoded by zbarimg.
std::string roundTrip(const QrMatrix& matrix, int scale) {
    test::TempDir dir;
    const std::vector<std::uint8_t> pixels = qrImage(matrix, scale);
    const int side = (matrix.size() + 2 * kQrQuietZone) * scale;
    REQUIRE(pixels.size() == static_cast<std::size_t>(side * side));
    const std::string png = (dir / "qr.png").string();
    REQUIRE(stbi_write_png(png.c_str(), side, side, 1, pixels.data(), side) != 0);
    return test::zbarDecode(png);
}

}  // namespace

TEST_CASE("a URL's QR code decodes back to the URL, byte for byte") {
    for (const std::string url :
         {"https://silta.example.fi/osaamisenjohtaminen/kehityskeskustelu/tyontekijalle",
          "https://silta.example.fi/sv/kompetensledning/v%C3%A4lbefinnande?s=1&t=2#osa", "https://a.fi/"}) {
        auto qr = encodeQr(url);
        REQUIRE(qr.ok());
        CHECK((qr->size() - 17) % 4 == 0);  // a real QR size: 21, 25, … modules (versions 1–40)
        CHECK(roundTrip(*qr, 4) == url + "\n");
    }
}

TEST_CASE("the matrix is libqrencode's: a finder pattern in three corners, the quiet zone light") {
    auto qr = encodeQr("https://silta.example.fi/x");
    REQUIRE(qr.ok());
    const int n = qr->size();
    for (const auto& [x0, y0] : {std::pair{0, 0}, std::pair{n - 7, 0}, std::pair{0, n - 7}}) {
        for (int i = 0; i < 7; ++i) {  // the finder's dark outer ring
            CHECK(qr->dark(x0 + i, y0));
            CHECK(qr->dark(x0 + i, y0 + 6));
            CHECK(qr->dark(x0, y0 + i));
            CHECK(qr->dark(x0 + 6, y0 + i));
        }
        CHECK_FALSE(qr->dark(x0 + 1, y0 + 1));
        CHECK(qr->dark(x0 + 3, y0 + 3));
    }
    const std::vector<std::uint8_t> pixels = qrImage(*qr, 2);
    const int side = (n + 2 * kQrQuietZone) * 2;
    for (int i = 0; i < side; ++i) {  // the border rows and columns of the quiet zone are white
        CHECK(pixels[static_cast<std::size_t>(i)] == 255);
        CHECK(pixels[static_cast<std::size_t>(i * side)] == 255);
        CHECK(pixels[static_cast<std::size_t>((side - 1) * side + i)] == 255);
    }
    // A changed module no longer reads as the same URL (the decoder is really reading it).
    std::vector<std::uint8_t> dark;
    for (int y = 0; y < n; ++y) {
        for (int x = 0; x < n; ++x) dark.push_back(qr->dark(x, y) ? 1 : 0);
    }
    for (std::size_t i = 0; i < dark.size(); ++i) dark[i] = (i / static_cast<std::size_t>(n)) < 7 ? 0 : dark[i];
    CHECK(roundTrip(QrMatrix(n, dark), 4).empty());  // the top finder patterns wiped: unreadable
}

TEST_CASE("what cannot be a QR code is refused as a value") {
    CHECK(encodeQr("").error().code == ErrorCode::InvalidInput);
    CHECK(encodeQr(std::string("a\0b", 3)).error().code == ErrorCode::InvalidInput);
    CHECK(encodeQr(std::string(8000, 'x')).error().code == ErrorCode::InvalidInput);  // over version 40's capacity
}
