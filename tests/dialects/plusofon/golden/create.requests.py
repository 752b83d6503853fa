import requests
import json
url = 'https://restapi.plusofon.ru/api/v1/contact-lists'
payload = {
"name": "Black List 1",
"type": "black",
"contacts": [
{
"name": "Ivan Ivanov",
"phones": [
"79998887766"
]
}
]
}
headers = {
'Content-Type': 'application/json',
'Accept': 'application/json',
'Client': '10553',
'Authorization': 'Bearer {token}'
}
response = requests.request('POST', url, headers=headers, json=payload)
response.json()
