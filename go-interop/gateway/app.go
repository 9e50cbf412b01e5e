package gateway

import (
	"net/http"
	"os"
	"path/filepath"
)

// AppPath is where the gateway serves the TypeScript demo page (ts-interop/app, docs/typescript.md).
const AppPath = "/app/"

// demoApp serves the built demo page from dir (index.html and its esbuild bundle); without
// one, a 404 that says how to build it.
func demoApp(dir string) http.Handler {
	if dir == "" {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "the demo page is not served: build it with `npm run build` in ts-interop/ and start the gateway with -app_dir ts-interop/dist/app",
				http.StatusNotFound)
		})
	}
	return http.StripPrefix(AppPath, http.FileServer(http.Dir(dir)))
}

// AppInstalled reports whether dir holds a built demo page.
func AppInstalled(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "index.html"))
	return err == nil
}
