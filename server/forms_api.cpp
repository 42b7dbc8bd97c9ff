#include "server/forms_api.h"

#include "server/central_api.h"

namespace ventanilla {

void FormsApi::add_routes(HttpRouter& router) {
    router.add("GET", "/api/v1/forms", [this](const ApiRequest& r) { return list(r); });
    router.add("GET", "/api/v1/forms/([a-z0-9_-]{1,60})/([0-9]{1,7})", [this](const ApiRequest& r) { return one(r); });
}

ApiResponse FormsApi::list(const ApiRequest& request) const {
    std::vector<std::pair<std::string, std::string>> headers = {{"ETag", forms_.etag()},
                                                                {"Cache-Control", "no-cache"}};
    if (etag_matches(request.header("If-None-Match"), forms_.etag())) {
        ApiResponse response;
        response.status = 304;
        response.headers = std::move(headers);
        return response;
    }
    ApiResponse response = json_response(forms_.listing());
    response.headers = std::move(headers);
    return response;
}

ApiResponse FormsApi::one(const ApiRequest& request) const {
    const FormDefinition* form = forms_.find(request.captures.at(0), std::stoi(request.captures.at(1)));
    if (!form) return error_response(404, "not_found", "no such form version here");
    for (const auto& definition : forms_.listing()["forms"]) {
        if (definition["id"] == form->id && definition["version"] == form->version) {
            ApiResponse response = json_response(definition);
            // A version never changes: any cache may keep it.
            response.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
            return response;
        }
    }
    return error_response(404, "not_found", "no such form version here");
}

}  // namespace ventanilla
