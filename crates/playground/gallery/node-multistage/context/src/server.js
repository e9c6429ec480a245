const express = require("express");

const app = express();
let accessCount = 0;

app.post("/access-log", (req, res) => {
  accessCount += 1;
  res.status(201).json({ count: accessCount });
});

app.get("/stats", (req, res) => {
  res.json({ logs: accessCount });
});

app.listen(80, () => console.log("access-log listening on port 80"));
