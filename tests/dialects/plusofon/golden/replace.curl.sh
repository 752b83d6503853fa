curl -X PUT \
"https://restapi.plusofon.ru/api/v1/contact-lists/15" \
-H "Content-Type: application/json" \
-H "Accept: application/json" \
-H "Client: 10553" \
-H "Authorization: Bearer {token}" \
-d '{"name":"Black List 1","type":"black","contacts":[{"name":"Ivan Ivanov","phones":["79998887766"]}]}'
