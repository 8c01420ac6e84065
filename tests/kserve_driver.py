"""Drives ml_app with KServe's own REST client; run by tests/test_v2_kserve.py in .venv-kserve.

Reads {"url", "model", "token", "rows", "bad_rows"} as JSON on stdin and prints
what the client saw as JSON on stdout: readiness, the labels and probabilities
of both input forms, the echoed ids, and the HTTP errors it raised.
"""
import asyncio
import json
import sys

import httpx
import numpy as np
from kserve import InferenceRESTClient, InferInput, InferRequest, RESTConfig

FIELDS = ("sepal_length", "sepal_width", "petal_length", "petal_width")


def matrix_request(model: str, rows: np.ndarray, request_id: str, datatype="FP64") -> InferRequest:
    tensor = InferInput("measurements", list(rows.shape), datatype)
    tensor.set_data_from_numpy(rows.astype(np.float32 if datatype == "FP32" else np.float64), binary_data=False)
    return InferRequest(model_name=model, infer_inputs=[tensor], request_id=request_id)


def column_request(model: str, rows: np.ndarray, request_id: str) -> InferRequest:
    tensors = []
    for i, name in enumerate(FIELDS):
        tensor = InferInput(name, [len(rows)], "FP64")
        tensor.set_data_from_numpy(np.ascontiguousarray(rows[:, i]), binary_data=False)
        tensors.append(tensor)
    return InferRequest(model_name=model, infer_inputs=tensors, request_id=request_id)


def answer(response) -> dict:
    outputs = {o.name: o.as_numpy() for o in response.outputs}
    return {"id": response.id, "model_name": response.model_name,
            "labels": [str(label) for label in outputs["label"].tolist()],
            "probabilities": outputs["probabilities"].tolist(),
            "shape": list(outputs["probabilities"].shape), "parameters": response.parameters}


async def failure(call) -> dict:
    try:
        await call
    except httpx.HTTPStatusError as exc:
        return {"status": exc.response.status_code, "body": exc.response.json()}
    return {"status": None}


async def main(job: dict) -> dict:
    url, model = job["url"], job["model"]
    headers = {"Authorization": f"Bearer {job['token']}"}
    rows = np.array(job["rows"], dtype=np.float64)
    client = InferenceRESTClient(RESTConfig(protocol="v2", timeout=30))
    try:
        result = {
            "live": await client.is_server_live(url),
            "ready": await client.is_server_ready(url),
            "model_ready": await client.is_model_ready(url, model),
            "matrix": answer(await client.infer(url, matrix_request(model, rows, "kserve-matrix"), model,
                                                headers=headers)),
            "columns": answer(await client.infer(url, column_request(model, rows, "kserve-columns"), model,
                                                 headers=headers)),
            "fp32": answer(await client.infer(url, matrix_request(model, rows, "kserve-fp32", "FP32"), model,
                                              headers=headers)),
        }
        unusual = rows[:2].copy()
        unusual[1, 2] = 50.0  # a 50 cm petal: predicted, with a warning in the response's parameters
        response = await client.infer(url, matrix_request(model, unusual, "kserve-warned"), model, headers=headers)
        result["warned"] = answer(response)
        bad = np.array(job["bad_rows"], dtype=np.float64)
        result["out_of_range"] = await failure(client.infer(url, matrix_request(model, bad, "bad"), model,
                                                            headers=headers))
        result["unknown_model"] = await failure(client.infer(url, matrix_request("nope", rows[:1], "x"), "nope",
                                                             headers=headers))
        result["no_token"] = await failure(client.infer(url, matrix_request(model, rows[:1], "x"), model))
        return result
    finally:
        await client.close()


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(json.load(sys.stdin)))))
