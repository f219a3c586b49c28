# Time to first preview and pause->resume latency of a running studio (./atelier studio), over its API.
# Usage: python3 docs/bench/studio_responsiveness.py [http://127.0.0.1:7860]
import json, time, urllib.request, os
import sys
B = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:7860"
def call(m, p, body=None):
    req = urllib.request.Request(B + p, method=m, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())
print("load", os.getloadavg())
for trial in range(2):
    t0 = time.time()
    job = call("POST", "/api/jobs", {"content": "example:chelsea", "styles": [{"image": "example:hokusai-great-wave"}]})
    jid = job["id"]
    while True:
        j = call("GET", "/api/jobs/" + jid)
        if j["previewVersion"] > 0: break
        time.sleep(0.02)
    wall = time.time() - t0
    print("trial", trial, "first preview (server) %.2f s, wall from submit %.2f s, scale %s" % (j["firstPreviewSeconds"], wall, j["scale"]))
    lat = []
    for k in range(3):
        call("POST", "/api/jobs/%s/pause" % jid)
        time.sleep(1.0)
        e0 = call("GET", "/api/jobs/" + jid)["evaluations"]
        t1 = time.time()
        call("POST", "/api/jobs/%s/resume" % jid)
        while call("GET", "/api/jobs/" + jid)["evaluations"] == e0:
            time.sleep(0.005)
        client = time.time() - t1
        j = call("GET", "/api/jobs/" + jid)
        lat.append((round(j["resumeLatencySeconds"], 3), round(client, 3)))
    print("  resume -> next evaluation (server, client):", lat)
    call("POST", "/api/jobs/%s/stop" % jid)
    time.sleep(2)
print("load", os.getloadavg())
