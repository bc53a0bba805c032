export interface JsonResponse<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export async function postJson<T = any>(baseUrl: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse<T>> {
  return request<T>(baseUrl, path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function getJson<T = any>(baseUrl: string, path: string): Promise<JsonResponse<T>> {
  return request<T>(baseUrl, path, { method: 'GET' });
}

export async function deleteJson<T = any>(baseUrl: string, path: string): Promise<JsonResponse<T>> {
  return request<T>(baseUrl, path, { method: 'DELETE' });
}

export async function request<T = any>(baseUrl: string, path: string, init: RequestInit): Promise<JsonResponse<T>> {
  const response = await fetch(`${baseUrl}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
}

export const SOL_USDC = { type: 'market', side: 'buy', inputToken: 'SOL', outputToken: 'USDC', amount: 1 } as const;
