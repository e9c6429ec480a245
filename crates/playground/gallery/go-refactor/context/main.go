package main

import (
	"html/template"
	"log"
	"net/http"
	"os"
)

// Serves index.html, greeting the user named in the USER environment variable.
func main() {
	page := template.Must(template.ParseFiles("index.html"))
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if err := page.Execute(w, os.Getenv("USER")); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	log.Fatal(http.ListenAndServe(":80", nil))
}
