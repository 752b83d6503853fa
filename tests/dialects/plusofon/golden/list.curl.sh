curl -X GET \
-G "https://restapi.plusofon.ru/api/v1/contact-lists" \
-H "Content-Type: application/json" \
-H "Accept: application/json" \
-H "Client: 10553" \
-H "Authorization: Bearer {token}"
