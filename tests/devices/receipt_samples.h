// Realistic receipts shared by the receipt tests and bench/receipt_bench.cpp.
#pragma once

#include <string>

#include "devices/receipt.h"

namespace ventanilla::testing {

// A parcel-tracking receipt: header, item, a ten-event timeline, both codes, small print.
inline ReceiptDocument sample_tracking_receipt() {
    ReceiptDocument receipt;
    auto add = [&](ReceiptLine line) { receipt.lines.push_back(std::move(line)); };
    add(ReceiptTitle{"Correos de Cuba"});
    add(ReceiptText{
        "Oficina de Correos Plaza — Ventanilla 3\nAve. Rancho Boyeros y 19 de Mayo, La Habana"});
    add(ReceiptSeparator{});
    add(ReceiptHeading{"Seguimiento de envío"});
    add(ReceiptKeyValue{"Envío", "RR123456785CU"});
    add(ReceiptKeyValue{"Origen", "Madrid, España"});
    add(ReceiptKeyValue{"Destino", "Santiago de Cuba"});
    add(ReceiptKeyValue{"Estado", "En tránsito"});
    add(ReceiptKeyValue{"Consultado", "14/05/2024 10:42"});
    add(ReceiptSeparator{});
    add(ReceiptHeading{"Historial"});
    const char* events[][2] = {
        {"02/05 09:14", "Admitido en Madrid"},
        {"02/05 18:40", "Salida del centro de clasificación"},
        {"03/05 07:05", "Salida hacia Cuba (vuelo IB6621)"},
        {"04/05 11:30", "Llegada a La Habana (aduana)"},
        {"06/05 15:02", "Retenido en aduana: revisión"},
        {"08/05 09:45", "Liberado por la aduana"},
        {"09/05 13:20", "En el centro de clasificación nacional"},
        {"10/05 06:10", "En camino a Santiago de Cuba"},
        {"12/05 16:55", "Llegada a la oficina de destino"},
        {"13/05 08:30", "Aviso de llegada enviado al destinatario"},
    };
    for (const auto& event : events) add(ReceiptKeyValue{event[0], event[1]});
    add(ReceiptSeparator{});
    add(ReceiptBarcode{"RR123456785CU"});
    add(ReceiptQrCode{"https://correos.cu/s/RR123456785CU"});
    add(ReceiptSmallPrint{
        "Este comprobante no es un documento de entrega. Presente su carné de identidad "
        "para recoger el envío. Información sujeta a cambios; consulte de nuevo en 24 horas."});
    return receipt;
}

}  // namespace ventanilla::testing
