package gateway

import (
	"net/http"
	"os"
	"path/filepath"
)

// swaggerInitializer replaces swagger-ui-dist's own swagger-initializer.js (which opens the
// Petstore demo) so the page loads this gateway's document; everything else is served as shipped.
const swaggerInitializer = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "` + OpenAPIPath + `",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout",
  });
};
`

// swaggerUI serves the swagger-ui-dist package folder at /swagger-ui/.
func swaggerUI(dir string) http.Handler {
	if dir == "" {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			writeError(w, http.StatusNotFound, 5, "Swagger UI is not installed: run the gateway with -swagger_ui_dir (scripts/gateway does)")
		})
	}
	files := http.StripPrefix("/swagger-ui/", http.FileServer(http.Dir(dir)))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/swagger-ui/swagger-initializer.js" {
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			_, _ = w.Write([]byte(swaggerInitializer))
			return
		}
		files.ServeHTTP(w, r)
	})
}

// SwaggerUIInstalled reports whether dir holds swagger-ui-dist (its index.html).
func SwaggerUIInstalled(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "index.html"))
	return err == nil
}
