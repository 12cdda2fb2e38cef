"""`graphdoc serve`: a local mock of Microsoft Graph built from the model.

Modules, from the wire inwards:

* `server`    - the HTTP server on 127.0.0.1 (`serve`, the `serving` context manager);
* `framing`   - request bodies read off the wire, capped however they are framed;
* `app`       - one request in, one reply out, no sockets (`MockGraph.handle`);
* `routes`    - the model's path templates as routes (`Router`);
* `validate`  - request bodies checked against the model's types (`RequestValidator`);
* `state`     - replies from what clients created: create, get, update, list, delete;
* `store`     - the entities created, per server process (`EntityStore`);
* `responses` - the documented example reply for a request, paging (`Responder`);
* `errors`    - replies in Graph's error format.

Nothing is imported here so `graphdoc serve` starts fast.
"""
