package main

import (
	"html/template"
	"log"
	"net/http"
	"os"
)

// The gallery page links to the two APIs the Dockerfile names in ENV.
func main() {
	page := template.Must(template.ParseFiles("index.html"))
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		data := map[string]string{
			"ImageAPI":  os.Getenv("IMAGE_API_URL"),
			"AccessAPI": os.Getenv("ACCESS_API_URL"),
		}
		if err := page.Execute(w, data); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	log.Fatal(http.ListenAndServe(":80", nil))
}
