$client = new \GuzzleHttp\Client();
$response = $client->post(
'https://restapi.plusofon.ru/api/v1/contact-lists',
[
'headers' => [
'Content-Type' => 'application/json',
'Accept' => 'application/json',
'Client' => '10553',
'Authorization' => 'Bearer {token}',
],
'json' => [
'name' => 'Black List 1',
'type' => 'black',
'contacts' => [
[
'name' => 'Ivan Ivanov',
'phones' => [
'79998887766',
],
],
],
],
]
);
$body = $response->getBody();
print_r(json_decode((string) $body));
