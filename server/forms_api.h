// GET /api/v1/forms: the procedure forms as data, with an ETag so a terminal that has them
// gets 304 and keeps its copy (docs/protocol.md, "Forms").
#pragma once

#include "server/form_library.h"
#include "server/http_router.h"

namespace ventanilla {

class FormsApi {
public:
    explicit FormsApi(const FormLibrary& forms) : forms_(forms) {}

    void add_routes(HttpRouter& router);

    ApiResponse list(const ApiRequest& request) const;
    ApiResponse one(const ApiRequest& request) const;

private:
    const FormLibrary& forms_;
};

}  // namespace ventanilla
